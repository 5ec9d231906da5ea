import { recognizeAlert, recognizeAlertGroup } from '../../../src/core/alerts/alert-recognizer';
import { alertmanagerFiring, alertmanagerGrouped, alertmanagerLabelList, alertmanagerResolved } from './alert-samples';

const now = () => new Date('2030-01-01T00:00:00Z');

describe('Alertmanager messages', () => {
  it('reads a firing alert of the default Slack template', () => {
    const alert = recognizeAlert(alertmanagerFiring, { now })!;
    expect(alert).toMatchObject({
      source: 'alertmanager',
      status: 'firing',
      title: '[FIRING:1] CheckoutHighLatency (shop checkout-api critical)',
      text: alertmanagerFiring,
      firedAt: '2024-03-05T14:02:11Z',
      labels: { alertname: 'CheckoutHighLatency', namespace: 'shop', service: 'checkout-api', severity: 'critical' },
    });
    expect(alert.symptom).toEqual({ service: 'checkout-api', signal: 'latency', value: 2.41, threshold: 1 });
  });

  it('reads a resolved alert as resolved, with the same fingerprint as when it fired', () => {
    const firing = recognizeAlert(alertmanagerFiring, { now })!;
    const resolved = recognizeAlert(alertmanagerResolved, { now })!;
    expect(resolved.status).toBe('resolved');
    expect(resolved.title).toBe('[RESOLVED] CheckoutHighLatency (shop checkout-api critical)');
    expect(resolved.fingerprint).toBe(firing.fingerprint);
  });

  it('reads a group as one alert with the common labels, the earliest start and the count', () => {
    const group = recognizeAlertGroup(alertmanagerGrouped, { now })!;
    expect(group.count).toBe(3);
    expect(group.alert.labels).toEqual({
      alertname: 'KubePodCrashLooping',
      namespace: 'prod',
      container: 'orders-worker',
      severity: 'warning',
    });
    expect(group.alert.firedAt).toBe('2024-03-05T09:14:02Z');
    expect(group.alert.symptom).toMatchObject({ service: 'orders-worker', signal: 'restarts' });
  });

  it('reads the Labels/Annotations list variant as Alertmanager, not Grafana', () => {
    const group = recognizeAlertGroup(alertmanagerLabelList, { postedAt: '2024-03-05T10:00:00Z', now })!;
    expect(group.alert.source).toBe('alertmanager');
    expect(group.count).toBe(2);
    expect(group.alert.labels).toEqual({
      alertname: 'KafkaConsumerLagHigh',
      namespace: 'payments',
      consumergroup: 'ledger-writer',
      topic: 'payments.v1',
    });
    expect(group.alert.firedAt).toBe('2024-03-05T10:00:00Z');
    expect(group.alert.symptom).toEqual({ signal: 'lag', value: 182340, threshold: 50000 });
  });

  it('reads a subject without a body, taking the alert name from it', () => {
    const alert = recognizeAlert('[FIRING:1] InstanceDown (node-exporter 10.0.3.7:9100)', { now })!;
    expect(alert.source).toBe('alertmanager');
    expect(alert.labels).toEqual({ alertname: 'InstanceDown' });
    expect(alert.symptom.signal).toBe('availability');
    expect(alert.firedAt).toBe('2030-01-01T00:00:00Z');
  });
});
