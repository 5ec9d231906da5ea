import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';

const now = () => new Date('2030-01-01T00:00:00Z');
const options = { postedAt: '2024-03-05T12:00:00Z', now };

describe('alerts from tools without their own recognizer', () => {
  it.each([
    [':rotating_light: FIRING: p99 latency 2.4s > 1s on checkout-api', 'checkout-api', 'latency'],
    ['CRITICAL - payments-db disk usage 97% above threshold 90%', 'payments-db', 'saturation'],
    ['ALERT: inventory-svc error rate 12% for the last 5 minutes', 'inventory-svc', 'errors'],
    ['[PROBLEM] search-indexer consumer lag 51234 > 10000', 'search-indexer', 'lag'],
    ['service=ledger status=DOWN health check failing since 11:58', 'ledger', 'availability'],
  ])('recognizes %j', (text, service, signal) => {
    const alert = recognizeAlert(text, options)!;
    expect(alert).not.toBeNull();
    expect(alert.source).toBe('generic');
    expect(alert.firedAt).toBe('2024-03-05T12:00:00Z');
    expect(alert.symptom.service).toBe(service);
    expect(alert.symptom.signal).toBe(signal);
  });

  it.each([
    'hey can someone look at the deploy?',
    'thanks!',
    'lunch?',
    'the checkout-api latency looks a bit high today, can someone check?',
    'is checkout-api down?',
    'is checkout-api p99 latency above 2s again?',
    'FYI checkout-api p99 latency was 180ms > 150ms budget in the load test, can we tune it?',
    'deployed checkout-api v2.3.1 to prod',
    'I think the on-call rotation for next week needs a follow-up',
    'CPU is fine now, false alarm',
    'ALERT: pizza is here!',
    'Our error budget review is tomorrow at 10',
    'asdf qwer zxcv 1234 !!!',
    '{"level":"info","msg":"ok"}',
    '```\n$ kubectl get pods\n```',
    // No status title and no labelled fields: a person could write these as easily as a tool.
    'Pod orders-worker-7f9c OOMKilled (exit code 137) in namespace prod',
    'auth-gateway 5xx ratio 7.1% exceeds 1% objective',
    'FYI the ALERT for payments-api was a false alarm',
    'I silenced the [FIRING:1] CheckoutHighLatency alert for two hours',
  ])('ignores ordinary chat %j', (text) => {
    expect(recognizeAlert(text, options)).toBeNull();
  });

  it('reads RESOLVED as resolved', () => {
    expect(recognizeAlert('RESOLVED: p99 latency 0.4s < 1s on checkout-api', options)!.status).toBe('resolved');
  });

  it('gives the same fingerprint when only the numbers change', () => {
    const first = recognizeAlert('FIRING: p99 latency 2.4s > 1s on checkout-api', options)!;
    const again = recognizeAlert('FIRING: p99 latency 3.9s > 1s on checkout-api', options)!;
    const other = recognizeAlert('FIRING: p99 latency 2.4s > 1s on cart-api', options)!;
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(other.fingerprint).not.toBe(first.fingerprint);
  });
});
