import { parseSpanLine } from '../../../src/telemetry/bundle/bundle-line-parsers';

const line = (extra: Record<string, unknown>): string =>
  JSON.stringify({ traceId: 't', spanId: 's', parentSpanId: null, service: 'cart', operation: 'grpc.shop.Cart/Get', start: '2024-03-01T10:00:00.000000000Z', durationMs: 2, ...extra });

describe('span end status', () => {
  it('reads OpenTelemetry status codes as the span failing or not', () => {
    expect(parseSpanLine(line({ status: 'STATUS_CODE_ERROR' })).error).toBe(true);
    expect(parseSpanLine(line({ status: { code: 2, message: 'boom' } })).error).toBe(true);
    expect(parseSpanLine(line({ status: { code: 'STATUS_CODE_OK' } })).error).toBe(false);
    expect(parseSpanLine(line({ status: 'UNSET' })).error).toBe(false);
    expect(parseSpanLine(line({})).error).toBeUndefined();
  });

  it('lets an explicit error flag win, and still rejects a malformed one', () => {
    expect(parseSpanLine(line({ error: false, status: 'ERROR' })).error).toBe(false);
    expect(() => parseSpanLine(line({ error: 'yes' }))).toThrow(/field "error" must be a boolean/);
  });
});
