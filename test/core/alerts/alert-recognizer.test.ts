import { AlertSchema } from '../../../src/core/alerts/alert-schema';
import { parseAlertOrThrow, recognizeAlert } from '../../../src/core/alerts/alert-recognizer';
import { InputError } from '../../../src/core/errors';
import { alertmanagerFiring, alertmanagerLabelList, datadogTriggered, grafanaFiring } from './alert-samples';

const now = () => new Date('2030-01-01T00:00:00Z');

describe('recognizeAlert', () => {
  it('returns alerts that satisfy the Alert schema', () => {
    for (const text of [alertmanagerFiring, grafanaFiring, datadogTriggered]) {
      const alert = recognizeAlert(text, { now })!;
      expect(AlertSchema.parse(alert)).toEqual(alert);
    }
  });

  it('returns null for empty text and garbage', () => {
    for (const text of ['', '   \n  ', '\u0000\u0001', '[FIRING', ']]]]', '%%%\n%%%']) {
      expect(recognizeAlert(text, { now })).toBeNull();
    }
  });

  it('falls back from the text time to postedAt to the injected clock', () => {
    const stripped = grafanaFiring;
    expect(recognizeAlert(alertmanagerFiring, { postedAt: '2025-01-01T00:00:00Z', now })!.firedAt).toBe('2024-03-05T14:02:11Z');
    expect(recognizeAlert(stripped, { postedAt: '1709648400.000100', now })!.firedAt).toBe('2024-03-05T14:20:00Z');
    expect(recognizeAlert(stripped, { now })!.firedAt).toBe('2030-01-01T00:00:00Z');
  });

  it('rejects an unreadable postedAt with a message that says what to pass', () => {
    expect(() => recognizeAlert(grafanaFiring, { postedAt: 'soon' })).toThrow(/postedAt "soon".*ISO 8601/);
  });

  it('combines attachment fragments when the message text is only a fallback', () => {
    const [title, ...body] = alertmanagerFiring.split('\n');
    const alert = recognizeAlert('', { attachments: [title, body.join('\n')], now })!;
    expect(alert.source).toBe('alertmanager');
    expect(alert.labels.service).toBe('checkout-api');
    expect(alert.firedAt).toBe('2024-03-05T14:02:11Z');
    expect(alert.text).toBe(alertmanagerFiring);
  });

  it('finds the alert in one fragment when the combined text reads as something else', () => {
    const alert = recognizeAlert('New alert in #prod-alerts', { attachments: [datadogTriggered], now })!;
    expect(alert.source).toBe('datadog');
    expect(alert.text).toBe(datadogTriggered);
  });

  it('lets a sender hint settle a format two tools share', () => {
    expect(recognizeAlert(alertmanagerLabelList, { now })!.source).toBe('alertmanager');
    expect(recognizeAlert(grafanaFiring, { now })!.source).toBe('grafana');
    expect(recognizeAlert(grafanaFiring, { senderHint: 'alertmanager', now })!.source).toBe('alertmanager');
  });

  it('reads messages with Windows line endings', () => {
    const alert = recognizeAlert(alertmanagerFiring.replace(/\n/g, '\r\n'), { now })!;
    expect(alert.labels.service).toBe('checkout-api');
  });
});

describe('parseAlertOrThrow', () => {
  it('returns the alert when there is one', () => {
    expect(parseAlertOrThrow(datadogTriggered, { now }).source).toBe('datadog');
  });

  it('says the text is empty', () => {
    expect(() => parseAlertOrThrow('  ')).toThrow(InputError);
    expect(() => parseAlertOrThrow('  ')).toThrow(/empty: paste the whole message/);
  });

  it('says what it expected when the text is not an alert, quoting the start', () => {
    let error: unknown;
    try {
      parseAlertOrThrow('hey can someone look at the deploy?');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('input_invalid');
    expect((error as InputError).message).toMatch(/Not a recognizable alert: "hey can someone look at the deploy\?"/);
    expect((error as InputError).message).toMatch(/Alertmanager, Grafana, Datadog or PagerDuty/);
  });

  it('refuses text far too long to be a chat alert', () => {
    expect(() => parseAlertOrThrow('x'.repeat(200_000))).toThrow(/longer than/);
  });
});
