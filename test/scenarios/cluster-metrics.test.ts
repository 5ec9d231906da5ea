import { clusterMetricsOf, KUBELET_SERVICE } from '../../src/scenarios/cluster-metrics';
import { renderScenario } from '../../src/scenarios/scenario-catalog';

/** Sample lines of one metric name, parsed into labels and value. */
function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number; t: number }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const [, labelText, value, t] = /^[^{]+\{(.*)\} (\S+) (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { labels, value: Number(value), t: Number(t) };
    });
}

describe('clusterMetricsOf', () => {
  const { files } = renderScenario('noisy-neighbour');
  const text = clusterMetricsOf(files, 'search');

  it('writes cAdvisor CPU as counters behind the kubelet’s Service, with the pod sandbox and pod cgroup beside the container', () => {
    const cpu = samples(text, 'container_cpu_usage_seconds_total');
    expect(new Set(cpu.map((s) => s.labels.service))).toEqual(new Set([KUBELET_SERVICE]));
    // The pod-level cgroup has no container label (an empty label is an absent one).
    expect(cpu.some((s) => s.labels.container === 'POD')).toBe(true);
    expect(cpu.some((s) => s.labels.container === undefined && s.labels.pod !== undefined)).toBe(true);
    const reindexer = cpu.filter((s) => s.labels.container === 'batch-reindexer').sort((a, b) => a.t - b.t);
    expect(reindexer.length).toBeGreaterThan(10);
    reindexer.slice(1).forEach((s, i) => expect(s.value).toBeGreaterThanOrEqual(reindexer[i].value));
  });

  it('names pod owners as kube-state-metrics does, and application series by their own Service', () => {
    const owners = samples(text, 'kube_pod_owner');
    expect(owners.some((s) => s.labels.owner_kind === 'ReplicaSet' && s.labels.pod.startsWith(`${s.labels.owner_name}-`))).toBe(true);
    expect(samples(text, 'kube_replicaset_owner').every((s) => s.labels.owner_kind === 'Deployment' && s.labels.replicaset.startsWith(s.labels.owner_name))).toBe(true);
    const requests = samples(text, 'http_requests_total');
    expect(new Set(requests.map((s) => s.labels.code))).toEqual(new Set(['200', '500']));
    expect(requests.every((s) => s.labels.service === s.labels.job && s.labels.pod !== undefined)).toBe(true);
    const buckets = samples(text, 'http_request_duration_seconds_bucket');
    expect(buckets.some((s) => s.labels.le === '+Inf' && s.labels.code === '200')).toBe(true);
    expect(text.trimEnd().endsWith('# EOF')).toBe(true);
  });
});
