import { workloadFromLabels, workloadOfGroup } from '../../../src/core/alerts/workload-labels';
import { parseGoLabelMaps } from '../../../src/core/alerts/label-block-parser';

describe('workload labels', () => {
  it('names the workload of a controller-made pod before its container', () => {
    expect(workloadFromLabels({ container: 'indexer', pod: 'search-indexer-7f8d9c6b5-p2x7k' })).toBe('search-indexer');
    // A bare pod (no controller hash) says nothing more than its container.
    expect(workloadFromLabels({ container: 'indexer', pod: 'debug' })).toBe('indexer');
  });

  it('takes the workload every alert of a group names, and none when they differ', () => {
    const pod = (name: string) => ({ alertname: 'KubePodNotReady', namespace: 'payments', pod: name });
    expect(workloadOfGroup([pod('ledger-api-7c9d8f6b5-xk2lp'), pod('ledger-api-7c9d8f6b5-zr4wq')])).toBe('ledger-api');
    expect(workloadOfGroup([pod('ledger-api-7c9d8f6b5-xk2lp'), pod('ledger-worker-7c9d8f6b5-zr4wq')])).toBeUndefined();
    expect(workloadOfGroup([pod('ledger-api-7c9d8f6b5-xk2lp')])).toBeUndefined();
  });

  it('reads label sets printed as Go maps', () => {
    expect(parseGoLabelMaps(['  LABELS = map[instance:10.0.4.21:9100 job:node-exporter nodename:db replica 2]'])).toEqual([
      { instance: '10.0.4.21:9100', job: 'node-exporter', nodename: 'db replica 2' },
    ]);
    expect(parseGoLabelMaps(['no map here: map[]'])).toEqual([]);
  });
});

describe('pod names', () => {
  it('strips a StatefulSet ordinal but keeps a zero-padded host number', () => {
    expect(workloadFromLabels({ pod: 'postgres-0' })).toBe('postgres');
    expect(workloadFromLabels({ pod: 'kafka-12' })).toBe('kafka');
    expect(workloadFromLabels({ pod: 'web-01' })).toBe('web-01');
  });
});
