import * as fs from 'node:fs';
import * as path from 'node:path';
import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';

const benchmarkDir = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'benchmark');
const casesDir = path.join(benchmarkDir, 'cases');

interface BenchmarkAlert {
  source: 'alertmanager' | 'datadog' | 'grafana';
  title: string;
  text: string;
  firedAt: string;
  labels: Record<string, string>;
}

function loadAlerts(): [string, BenchmarkAlert][] {
  return fs
    .readdirSync(casesDir)
    .filter((id) => fs.existsSync(path.join(casesDir, id, 'case.json')))
    .sort()
    .map((id) => [id, JSON.parse(fs.readFileSync(path.join(casesDir, id, 'case.json'), 'utf8')).alert as BenchmarkAlert]);
}

const present = fs.existsSync(casesDir);
if (!present) console.log(`benchmark not found at ${benchmarkDir}; skipping benchmark alert recognition`);
const describeIfPresent = present ? describe : describe.skip;

describeIfPresent('benchmark alert texts', () => {
  const alerts = present ? loadAlerts() : [];
  // A clock far from every case, so a wrong fallback cannot pass by accident.
  const now = () => new Date('2030-01-01T00:00:00Z');

  it('has cases to check', () => {
    expect(alerts.length).toBeGreaterThan(0);
  });

  it.each(alerts)('%s is recognized with its source, title, labels and service', (_id, expected) => {
    const alert = recognizeAlert(expected.text, { postedAt: expected.firedAt, now });
    expect(alert).not.toBeNull();
    expect(alert!.source).toBe(expected.source);
    expect(alert!.title).toBe(expected.title);
    expect(alert!.text).toBe(expected.text);
    expect(alert!.status).toBe('firing');
    expect(alert!.firedAt).toBe(expected.firedAt);
    expect(alert!.labels).toEqual(expect.objectContaining(expected.labels));
    if (expected.labels.service) expect(alert!.symptom.service).toBe(expected.labels.service);
    else expect(alert!.symptom.service).toBeUndefined();
  });

  it.each(alerts.filter(([, alert]) => alert.source !== 'grafana'))(
    '%s states its own fire time, read without any posting time',
    (_id, expected) => {
      expect(recognizeAlert(expected.text, { now })!.firedAt).toBe(expected.firedAt);
    },
  );

  it.each(alerts)('%s keeps its source under a hint that does not fit its format', (_id, expected) => {
    for (const senderHint of ['generic', 'pagerduty', expected.source] as const) {
      expect(recognizeAlert(expected.text, { senderHint, now })?.source).toBe(expected.source);
    }
  });
});
