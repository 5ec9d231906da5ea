import { parseStatusTitle } from '../../../src/core/alerts/status-title-parser';

describe('status titles', () => {
  it('keeps a severity emoji next to the name out of the name', () => {
    expect(parseStatusTitle('[FIRING:1] :fire: KubePodCrashLooping')).toMatchObject({ status: 'firing', name: 'KubePodCrashLooping' });
    expect(parseStatusTitle('[RESOLVED] :white_check_mark: KubePodCrashLooping')).toMatchObject({ status: 'resolved', name: 'KubePodCrashLooping' });
    expect(parseStatusTitle('[FIRING:2] 🔥 HighLatency ⚠️')).toMatchObject({ name: 'HighLatency', count: 2 });
    expect(parseStatusTitle('[FIRING:1]: HighLatency')).toMatchObject({ name: 'HighLatency' });
  });

  it('reads a counted status bracket at the end of the title', () => {
    expect(parseStatusTitle('prod-portal - eu-west-1-prod [FIRING:3]')).toMatchObject({ status: 'firing', count: 3, form: 'suffix', name: 'prod-portal - eu-west-1-prod' });
    expect(parseStatusTitle('prod-portal - eu-west-1-prod [RESOLVED:1]')).toMatchObject({ status: 'resolved', form: 'suffix' });
  });

  it('reads Russian status words and no longer fires on INSUFFICIENT_DATA', () => {
    expect(parseStatusTitle('Проблема: Мало места на /var')).toMatchObject({ status: 'firing' });
    expect(parseStatusTitle('Решено: Мало места на /var')).toMatchObject({ status: 'resolved' });
    expect(parseStatusTitle('INSUFFICIENT_DATA: "queue-depth" in EU (Ireland)')).toBeNull();
  });
});
