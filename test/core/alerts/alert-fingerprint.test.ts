import { alertFingerprint } from '../../../src/core/alerts/alert-fingerprint';
import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';
import { alertmanagerFiring, datadogTriggered, grafanaFiring } from './alert-samples';

const now = () => new Date('2030-01-01T00:00:00Z');

describe('alert fingerprints', () => {
  it('is the same for the same alert posted twice', () => {
    expect(recognizeAlert(alertmanagerFiring, { now })!.fingerprint).toBe(recognizeAlert(alertmanagerFiring, { now })!.fingerprint);
  });

  it('ignores the value, the start time and the severity of a re-fire', () => {
    const refire = alertmanagerFiring
      .replace('2.41 s', '3.90 s')
      .replace('2024-03-05 14:02:11 UTC', '2024-03-06 08:00:00 UTC')
      .replace(/critical/g, 'warning');
    const first = recognizeAlert(alertmanagerFiring, { now })!;
    const second = recognizeAlert(refire, { now })!;
    expect(second.firedAt).not.toBe(first.firedAt);
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('differs for another service', () => {
    const other = alertmanagerFiring.replace(/checkout-api/g, 'cart-api');
    expect(recognizeAlert(other, { now })!.fingerprint).not.toBe(recognizeAlert(alertmanagerFiring, { now })!.fingerprint);
  });

  it('differs across Grafana re-fires only when identifying labels change', () => {
    const first = recognizeAlert(grafanaFiring, { postedAt: '2024-03-05T15:20:00Z', now })!;
    const refire = recognizeAlert(grafanaFiring.replace('A=0.087, B=0.087', 'A=0.120, B=0.120'), {
      postedAt: '2024-03-05T18:00:00Z',
      now,
    })!;
    const otherEnv = recognizeAlert(grafanaFiring.replace('env = prod', 'env = staging'), { now })!;
    expect(refire.fingerprint).toBe(first.fingerprint);
    expect(otherEnv.fingerprint).not.toBe(first.fingerprint);
  });

  it('is stable for Datadog re-triggers with another metric value', () => {
    const retrigger = datadogTriggered
      .replace('Triggered: [P2]', 'Re-Triggered: [P2]')
      .replace('Metric value: 1.82', 'Metric value: 2.50')
      .replace('Tue Mar 05 2024 14:31:07', 'Tue Mar 05 2024 16:01:00');
    expect(recognizeAlert(retrigger, { now })!.fingerprint).toBe(recognizeAlert(datadogTriggered, { now })!.fingerprint);
  });

  it('does not depend on label order and keeps the source apart', () => {
    const a = alertFingerprint('alertmanager', 'X', { service: 'a', env: 'prod' });
    expect(alertFingerprint('alertmanager', 'X', { env: 'prod', service: 'a' })).toBe(a);
    expect(alertFingerprint('grafana', 'X', { env: 'prod', service: 'a' })).not.toBe(a);
    expect(alertFingerprint('alertmanager', 'Y', { env: 'prod', service: 'a' })).not.toBe(a);
    expect(a).toMatch(/^alertmanager:[0-9a-f]{16}$/);
  });
});
