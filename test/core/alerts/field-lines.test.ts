import { fieldValue, readFields } from '../../../src/core/alerts/field-lines';

describe('labelled fields', () => {
  it('reads CJK labels written without a space after the colon', () => {
    const fields = readFields(['告警主机:mq-node-2', '恢复时间：2025.06.17 08:58:02', '当前状态:PROBLEM']);
    expect(fieldValue(fields, ['告警主机'])).toBe('mq-node-2');
    expect(fieldValue(fields, ['恢复时间'])).toBe('2025.06.17 08:58:02');
    expect(fieldValue(fields, ['当前状态'])).toBe('PROBLEM');
  });

  it('does not read tags, times or links written without a space as fields', () => {
    expect(readFields(['service:orders-api'])).toEqual([]);
    expect(readFields(['at 10:21 UTC'])).toEqual([]);
    expect(readFields(['https://example.com/x'])).toEqual([]);
  });
});
