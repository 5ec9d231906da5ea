import { detectService, detectSignal, extractSymptom, splitCamelCase } from '../../../src/core/alerts/symptom-extractor';

describe('symptom extraction', () => {
  it.each([
    ['TrainTicketFrontendLatencyP90Anomalous', 'latency'],
    ['HighRequestDuration', 'latency'],
    ['checkout p99 above SLO', 'latency'],
    ['PetSiteAvailabilityLow', 'availability'],
    ['ServiceDown', 'availability'],
    ['Success rate below objective', 'availability'],
    ['HTTP 5xx on api-gateway', 'availability'],
    ['Error rate above 5%', 'errors'],
    ['Unhandled exceptions in billing', 'errors'],
    ['HighCPUUsage', 'saturation'],
    ['ContainerOOMKilled', 'saturation'],
    ['NodeDiskPressure', 'saturation'],
    ['KafkaConsumerLagHigh', 'lag'],
    ['KubePodCrashLooping', 'restarts'],
    ['Container restarts increased', 'restarts'],
    ['Request rate dropped sharply', 'throughput'],
    ['Frontend behaviour is anomalous', 'anomaly'],
    ['Certificate expires soon', 'unknown'],
  ])('reads %j as %s', (text, signal) => {
    expect(detectSignal([text])).toBe(signal);
  });

  it('lets the name decide before the description', () => {
    expect(detectSignal(['PetSiteLatencyAnomalous', 'anomaly detector flags the frontend'])).toBe('latency');
  });

  it('splits CamelCase names into words', () => {
    expect(splitCamelCase('SockShopStorefrontSLODegraded')).toBe('Sock Shop Storefront SLO Degraded');
  });

  it.each([
    [{ service_name: 'cart' }, 'cart'],
    [{ app: 'web' }, 'web'],
    [{ job: 'api-server' }, 'api-server'],
    [{ container: 'orders-worker' }, 'orders-worker'],
    [{ deployment: 'billing' }, 'billing'],
    [{ service: 'PetSite', job: 'node-exporter' }, 'PetSite'],
  ])('takes the service from the labels %j', (labels, service) => {
    expect(detectService({ labels, name: 'X', title: 'X' })).toBe(service);
  });

  it.each([
    ['Triggered: [P2] High latency on web-store', 'web-store'],
    ['High error rate on checkout', 'checkout'],
    ['Slow responses for payments-api', 'payments-api'],
    ['payments-db is down', 'payments-db'],
    ['service: inventory unavailable', 'inventory'],
  ])('takes the service from the title %j', (title, service) => {
    expect(detectService({ labels: {}, name: title, title })).toBe(service);
  });

  it.each(['Sock Shop storefront SLO degraded', 'Slow queries for users', 'Disk full on host', 'High latency on namespace:prod'])(
    'names no service for %j',
    (title) => {
      expect(detectService({ labels: {}, name: title, title })).toBeUndefined();
    },
  );

  it('reads value and objective from a description', () => {
    expect(
      extractSymptom({
        labels: { service: 'PetSite' },
        name: 'PetSiteAvailabilityLow',
        title: '[FIRING:1] PetSiteAvailabilityLow',
        descriptions: ['PetSite availability over the last 5 minutes is 96.27% (objective 99.9%).'],
      }),
    ).toEqual({ service: 'PetSite', signal: 'availability', value: 96.27, threshold: 99.9 });
  });

  it('prefers a structured value over the rounded one in the description', () => {
    const symptom = extractSymptom({
      labels: {},
      name: 'latency',
      title: 'latency',
      descriptions: ['latency is 0.72 s'],
      value: 0.717,
    });
    expect(symptom.value).toBe(0.717);
  });
});

describe('workload from structure', () => {
  it('takes the Kubernetes object a description names, hashes stripped', () => {
    const read = (text: string) => detectService({ labels: {}, name: 'X', title: 'X', descriptions: [text] });
    expect(read('Pod shop/orders-worker-6b8f9c7d4d-q8r2t (worker) is in waiting state')).toBe('orders-worker');
    expect(read('Deployment payments/ledger-api has not matched the expected number of replicas')).toBe('ledger-api');
    expect(read('Job billing/nightly-reconcile-29167200 failed to complete')).toBe('nightly-reconcile');
    expect(read('the pod restarted twice, see shop/orders')).toBeUndefined();
  });

  it('reads the one Latin name of mostly CJK prose, and nothing from English prose', () => {
    const read = (text: string) => detectService({ labels: {}, name: 'X', title: 'X', descriptions: [text] });
    expect(read('连接数超过 900，请检查 mysql-order 实例')).toBe('mysql-order');
    expect(read('请检查 mysql-order 和 mysql-user 实例')).toBeUndefined();
    expect(read('please check the mysql-order instance, it is read-only')).toBeUndefined();
  });

  it('reads a rule named "<what> - <service>"', () => {
    expect(detectService({ labels: {}, name: 'p95 transaction duration - search-api', title: 'Critical: p95 transaction duration - search-api' })).toBe('search-api');
    expect(detectService({ labels: {}, name: 'Disk usage - 5xx', title: 'Disk usage - 5xx' })).toBeUndefined();
  });
});
