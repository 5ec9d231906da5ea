import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';
import { datadogGroupHeadline, datadogRecovered, datadogTriggered } from './alert-samples';

const now = () => new Date('2030-01-01T00:00:00Z');

describe('Datadog messages', () => {
  it('reads a triggered monitor: title without mrkdwn, tags, value, threshold and time', () => {
    const alert = recognizeAlert(datadogTriggered, { postedAt: '2024-03-05T14:32:00Z', now })!;
    expect(alert).toMatchObject({
      source: 'datadog',
      status: 'firing',
      title: 'Triggered: [P2] High latency on web-store',
      text: datadogTriggered,
      firedAt: '2024-03-05T14:31:07Z',
      labels: { monitor: 'High latency on web-store', priority: 'P2', service: 'web-store', env: 'prod', team: 'storefront' },
    });
    expect(alert.symptom).toEqual({ service: 'web-store', signal: 'latency', value: 1.82, threshold: 1 });
  });

  it('reads a recovery as resolved, with the fingerprint of the trigger', () => {
    const triggered = recognizeAlert(datadogTriggered, { now })!;
    const recovered = recognizeAlert(datadogRecovered, { now })!;
    expect(recovered.status).toBe('resolved');
    expect(recovered.symptom.value).toBe(0.41);
    expect(recovered.fingerprint).toBe(triggered.fingerprint);
  });

  it('reads the [Triggered on {tags}] headline and the threshold of the monitor query', () => {
    const alert = recognizeAlert(datadogGroupHeadline, { postedAt: '2024-03-05T14:00:00Z', now })!;
    expect(alert.source).toBe('datadog');
    expect(alert.labels).toEqual({ monitor: 'Cart error rate above 5%', service: 'cart', env: 'prod' });
    expect(alert.firedAt).toBe('2024-03-05T14:00:00Z');
    expect(alert.symptom).toMatchObject({ service: 'cart', signal: 'errors', value: 7.3, threshold: 5 });
  });

  it('splits a group given after "on" into labels and keeps a plain "on <service>" in the name', () => {
    const grouped = recognizeAlert('*Triggered: [P1] Checkout 5xx on service:checkout,env:prod*\nMetric value: 12', { now })!;
    expect(grouped.labels).toEqual({ monitor: 'Checkout 5xx', priority: 'P1', service: 'checkout', env: 'prod' });
    expect(grouped.symptom).toMatchObject({ service: 'checkout', signal: 'availability', value: 12 });
  });

  it('does not take a sentence with a colon for a Datadog title', () => {
    expect(recognizeAlert('Triggered: my curiosity about the new cafeteria', { now })).toBeNull();
  });
});
