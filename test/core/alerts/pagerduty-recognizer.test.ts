import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';
import { pagerdutyAcknowledged, pagerdutyResolved, pagerdutyTriggered } from './alert-samples';

const now = () => new Date('2030-01-01T00:00:00Z');

describe('PagerDuty messages', () => {
  it('reads a triggered incident with its fields', () => {
    const alert = recognizeAlert(pagerdutyTriggered, { now })!;
    expect(alert).toMatchObject({
      source: 'pagerduty',
      status: 'firing',
      title: 'Triggered #48213: High error rate on checkout-api',
      firedAt: '2024-03-05T14:05:00Z',
      labels: {
        incident: '48213',
        service: 'checkout-api',
        urgency: 'high',
        assigned: 'Dana Kim',
        escalation_policy: 'Checkout primary',
      },
    });
    expect(alert.symptom).toEqual({ service: 'checkout-api', signal: 'errors' });
  });

  it('reads resolved and acknowledged updates of the same incident with one fingerprint', () => {
    const triggered = recognizeAlert(pagerdutyTriggered, { now })!;
    const resolved = recognizeAlert(pagerdutyResolved, { postedAt: '2024-03-05T15:00:00Z', now })!;
    const acknowledged = recognizeAlert(pagerdutyAcknowledged, { now })!;
    expect(resolved.status).toBe('resolved');
    expect(resolved.firedAt).toBe('2024-03-05T15:00:00Z');
    expect(acknowledged.status).toBe('acknowledged');
    expect(acknowledged.labels).toMatchObject({ incident: '48213', service: 'checkout-api' });
    expect(new Set([triggered.fingerprint, resolved.fingerprint, acknowledged.fingerprint]).size).toBe(1);
  });

  it('reads the [#1234] headline with a Status field', () => {
    const text = '[#7781] Payment gateway timeouts\nStatus: Triggered\nUrgency: High\nService: payments-gateway';
    const alert = recognizeAlert(text, { now })!;
    expect(alert.source).toBe('pagerduty');
    expect(alert.labels).toMatchObject({ incident: '7781', service: 'payments-gateway', urgency: 'high' });
  });

  it('does not read an issue reference in chat as an incident', () => {
    expect(recognizeAlert('#1234 is merged, thanks', { now })).toBeNull();
  });
});
