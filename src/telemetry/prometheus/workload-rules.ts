import type { PodOwners } from './pod-owners';

/**
 * Which workload a Prometheus series is about. Scrape labels do not say it: in a
 * kube-prometheus-stack cluster every cAdvisor series carries `service="…-kubelet"` (the Service
 * the kubelet is scraped through), kube-state-metrics series carry its own Service, and an
 * OpenTelemetry or Istio metric names its workload in labels of its own. A rule reads the labels
 * of one layout and names the workload (the service the investigation reasons about) and the
 * instance (pod, process) a series belongs to.
 */
export interface WorkloadRule {
  /** The preset the rule belongs to (shown in evidence). */
  preset: PresetName;
  /** Labels whose values pin a series to one instance; queries aggregate `by (…)` these. */
  keyLabels: readonly string[];
  /** PromQL matchers every query of this rule carries (e.g. `container!="POD"`). */
  fixedMatchers: readonly string[];
  /** The workload and instance of a series this rule reads, or undefined when it does not read it. */
  identify(labels: Readonly<Record<string, string>>, owners: PodOwners): { service: string; instance: string } | undefined;
}

export const PRESET_NAMES = ['kube-prometheus-stack', 'opentelemetry', 'istio'] as const;
export type PresetName = (typeof PRESET_NAMES)[number] | 'labels';

const nonEmpty = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * Istio's standard metrics, as the receiving side reports them: `destination_workload` (the
 * Deployment name) in `destination_workload_namespace`. Source-reported series are the caller's
 * view and only feed the call graph.
 */
const istioRule: WorkloadRule = {
  preset: 'istio',
  keyLabels: ['destination_workload_namespace', 'destination_workload'],
  fixedMatchers: ['reporter="destination"'],
  identify(labels) {
    if (!labels.__name__?.startsWith('istio_') || labels.reporter !== 'destination') return undefined;
    const workload = labels.destination_workload;
    if (!nonEmpty(workload) || workload === 'unknown') return undefined;
    return { service: workload, instance: workload };
  },
};

/**
 * OpenTelemetry semantic conventions as the Prometheus exporter writes them: `service_name` (the
 * `service.name` resource attribute), the instance from `k8s_pod_name` or `service_instance_id`.
 * Span metrics (`traces_span_metrics_*`, `calls_total`, `duration_*`) carry the same labels.
 */
const openTelemetryRule: WorkloadRule = {
  preset: 'opentelemetry',
  keyLabels: ['service_name', 'k8s_pod_name', 'service_instance_id'],
  fixedMatchers: [],
  identify(labels) {
    const service = labels.service_name;
    if (!nonEmpty(service) || labels.__name__?.startsWith('traces_service_graph_')) return undefined;
    return { service, instance: labels.k8s_pod_name || labels.service_instance_id || service };
  },
};

/** Jobs of a kube-prometheus-stack cluster whose series describe the platform, not a workload. */
const PLATFORM_JOBS = new Set(['kubelet', 'apiserver', 'node-exporter', 'kube-proxy', 'coredns', 'kube-dns', 'kube-scheduler', 'kube-controller-manager', 'kube-etcd', 'prometheus', 'alertmanager', 'prometheus-operator']);

/**
 * kube-prometheus-stack: cAdvisor container series (`namespace`, `pod`, `container`; the pod's
 * sandbox `container="POD"` and the pod-level cgroup `container=""` are not a container),
 * kube-state-metrics series about a pod, and application metrics a ServiceMonitor scrapes (their
 * `pod`). The workload is the pod's owner (pod → ReplicaSet → Deployment, StatefulSet, DaemonSet,
 * Job) from kube-state-metrics; the `service` label is never read: on cAdvisor series it names the
 * kubelet.
 */
const kubernetesRule: WorkloadRule = {
  preset: 'kube-prometheus-stack',
  keyLabels: ['namespace', 'pod'],
  fixedMatchers: ['container!="POD"'],
  identify(labels, owners) {
    const { namespace, pod, container } = labels;
    if (!nonEmpty(namespace) || !nonEmpty(pod)) return undefined;
    const name = labels.__name__ ?? '';
    if (name.startsWith('container_') && (!nonEmpty(container) || container === 'POD')) return undefined;
    if (container === 'POD') return undefined;
    // kube_pod_owner / kube_replicaset_owner describe the ownership itself; node and platform series no workload.
    if (/^kube_(pod_owner|replicaset_owner|node_)/.test(name)) return undefined;
    if (!name.startsWith('container_') && !name.startsWith('kube_') && PLATFORM_JOBS.has(labels.job ?? '')) return undefined;
    return { service: owners.workloadOf(namespace, pod), instance: pod };
  },
};

/** The plain layout: one label names the service, another the instance (`service` / `instance` by default). */
export function labelRule(serviceLabel: string, instanceLabel: string): WorkloadRule {
  return {
    preset: 'labels',
    keyLabels: [serviceLabel, instanceLabel],
    fixedMatchers: [],
    identify(labels) {
      const service = labels[serviceLabel];
      if (!nonEmpty(service)) return undefined;
      return { service, instance: labels[instanceLabel] ?? '' };
    },
  };
}

/** The rules of a named preset. */
export function presetRules(name: (typeof PRESET_NAMES)[number]): WorkloadRule[] {
  if (name === 'istio') return [istioRule];
  if (name === 'opentelemetry') return [openTelemetryRule];
  return [kubernetesRule];
}

/**
 * The presets whose series are present (what `auto` selects), most specific first: Istio's
 * workload labels, then OpenTelemetry's `service_name`, then Kubernetes pods.
 */
export function detectPresets(series: ReadonlyArray<Readonly<Record<string, string>>>): Array<(typeof PRESET_NAMES)[number]> {
  const found = new Set<(typeof PRESET_NAMES)[number]>();
  for (const labels of series) {
    const name = labels.__name__ ?? '';
    if (name.startsWith('istio_') && nonEmpty(labels.destination_workload) && nonEmpty(labels.reporter)) found.add('istio');
    else if (nonEmpty(labels.service_name)) found.add('opentelemetry');
    else if ((name.startsWith('container_') && nonEmpty(labels.container)) || name === 'kube_pod_owner') found.add('kube-prometheus-stack');
  }
  return (['istio', 'opentelemetry', 'kube-prometheus-stack'] as const).filter((p) => found.has(p));
}

/** Where each preset keeps a series' namespace (Istio and OpenTelemetry name it their own way). */
const NAMESPACE_LABEL: Record<PresetName, string> = {
  istio: 'destination_workload_namespace',
  opentelemetry: 'k8s_namespace_name',
  'kube-prometheus-stack': 'namespace',
  labels: 'namespace',
};

/**
 * Matchers that scope discovery to the alert's `namespace` and `cluster`. A series without the
 * label still matches (`=~"value|"`): a single-cluster Prometheus has no `cluster` label.
 */
export function scopeMatchers(preset: PresetName, scope: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  if (scope.namespace) out.push(`${NAMESPACE_LABEL[preset]}=~"${regexValue(scope.namespace)}|"`);
  if (scope.cluster) out.push(`cluster=~"${regexValue(scope.cluster)}|"`);
  return out;
}

/** The selector discovery reads a preset's series with. */
export function discoverySelector(preset: PresetName, scope: Readonly<Record<string, string>>, serviceLabel = 'service'): string {
  const base = {
    istio: ['__name__=~"istio_.+"', 'destination_workload!=""'],
    opentelemetry: ['service_name!=""'],
    'kube-prometheus-stack': ['namespace!=""', 'pod!=""'],
    labels: [`${serviceLabel}!=""`],
  }[preset];
  return `{${[...base, ...scopeMatchers(preset, scope)].join(',')}}`;
}

/** A value inside a PromQL regular-expression matcher: RE2 metacharacters escaped, then the string escapes. */
export function regexValue(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
