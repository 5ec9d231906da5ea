import { recognizeAlert, recognizeAlertGroup } from '../../../src/core/alerts/alert-recognizer';
import { grafanaFiring, grafanaGrouped, grafanaResolved } from './alert-samples';

const now = () => new Date('2030-01-01T00:00:00Z');
const postedAt = '2024-03-05T15:20:00Z';

describe('Grafana messages', () => {
  it('reads a firing alert: labels, annotations and the first query value', () => {
    const alert = recognizeAlert(grafanaFiring, { postedAt, now })!;
    expect(alert).toMatchObject({
      source: 'grafana',
      status: 'firing',
      title: '[FIRING:1] Search error rate (search-api prod critical)',
      firedAt: postedAt,
      labels: {
        alertname: 'Search error rate',
        grafana_folder: 'Search',
        service: 'search-api',
        env: 'prod',
        severity: 'critical',
      },
    });
    // Annotations are not labels.
    expect(alert.labels).not.toHaveProperty('description');
    expect(alert.symptom).toEqual({ service: 'search-api', signal: 'errors', value: 0.087, threshold: 2 });
  });

  it('reads a resolved alert with the fingerprint it had while firing', () => {
    const firing = recognizeAlert(grafanaFiring, { postedAt, now })!;
    const resolved = recognizeAlert(grafanaResolved, { postedAt: '2024-03-05T15:50:00Z', now })!;
    expect(resolved.source).toBe('grafana');
    expect(resolved.status).toBe('resolved');
    expect(resolved.symptom.value).toBe(0.004);
    expect(resolved.fingerprint).toBe(firing.fingerprint);
  });

  it('reads a group of two alerts as their common labels', () => {
    const group = recognizeAlertGroup(grafanaGrouped, { postedAt, now })!;
    expect(group.count).toBe(2);
    expect(group.alert.labels).toEqual({
      alertname: 'Disk almost full',
      env: 'prod',
      mountpoint: '/var/lib/postgresql',
    });
    expect(group.alert.symptom).toMatchObject({ signal: 'saturation', value: 91.2 });
  });

  it('keeps parentheses that belong to the alert name', () => {
    const text = grafanaFiring
      .replace('[FIRING:1] Search error rate', '[FIRING:1] Search error rate (5m)')
      .replace('alertname = Search error rate', 'alertname = Search error rate (5m)');
    expect(recognizeAlert(text, { postedAt, now })!.labels.alertname).toBe('Search error rate (5m)');
  });

  it('reads the older value format [ var=\'A\' … value=… ]', () => {
    const text = grafanaFiring.replace(
      'Value: A=0.087, B=0.087, C=1',
      "Value: [ var='A' labels={service=search-api} value=0.091 ], [ var='B' labels={} value=1 ]",
    );
    expect(recognizeAlert(text, { postedAt, now })!.symptom.value).toBe(0.091);
  });
});
