/**
 * The workload an alert is about, from its labels or tags. When the `job` / `service` label
 * names the scraper (kube-state-metrics, node-exporter, blackbox-exporter, cAdvisor, kubelet…)
 * rather than the failing workload, the workload comes from the Kubernetes object labels
 * (deployment, statefulset, daemonset, container, pod with its hashes stripped), then the
 * namespace, or the probed instance / host for host-level exporters.
 */

/** Tag and label spellings of the same thing across Prometheus, Datadog, OpenTelemetry. */
const ALIASES: Record<string, string> = {
  service_name: 'service', 'service.name': 'service', svc: 'service', kube_service: 'service',
  app_kubernetes_io_name: 'app', 'app.kubernetes.io/name': 'app', k8s_app: 'app', 'k8s-app': 'app', application: 'app',
  kube_deployment: 'deployment', 'k8s.deployment.name': 'deployment', k8s_deployment_name: 'deployment',
  kube_stateful_set: 'statefulset', kube_statefulset: 'statefulset', 'k8s.statefulset.name': 'statefulset', stateful_set: 'statefulset',
  kube_daemon_set: 'daemonset', kube_daemonset: 'daemonset', 'k8s.daemonset.name': 'daemonset', daemon_set: 'daemonset',
  kube_cronjob: 'cronjob', kube_cron_job: 'cronjob', kube_job: 'job_name',
  kube_container_name: 'container', container_name: 'container', 'k8s.container.name': 'container',
  pod_name: 'pod', kube_pod: 'pod', kube_pod_name: 'pod', 'k8s.pod.name': 'pod',
  kube_namespace: 'namespace', 'k8s.namespace.name': 'namespace', exported_namespace: 'namespace',
  hostname: 'host', 'host.name': 'host', nodename: 'host', kube_node: 'node', 'k8s.node.name': 'node',
  kube_replica_set: 'replicaset',
};

// Scrapers that report on other workloads (the object labels name the workload, never the instance).
const CLUSTER_EXPORTER = /kube[-_]?state[-_]?metrics|(^|[-_])ksm($|[-_])|cadvisor|kubelet|kube-prometheus-stack-kubelet/i;
// Scrapers that probe a host or endpoint (the instance / host names the target).
const HOST_EXPORTER = /node[-_]?exporter|^node$|blackbox|windows[-_]exporter|wmi[-_]exporter|snmp|process[-_]exporter|(^|[-_])exporter$|[-_]exporter[-_]|^exporter[-_]/i;
// Service-discovery scrape jobs: a way of scraping, not a workload.
const SCRAPE_JOB = /^kubernetes-(pods|service-endpoints|nodes.*|cadvisor|apiservers?-?.*)$|^(federate|pushgateway|prometheus-pushgateway)$/i;

// Kubernetes name suffixes: generated names use this alphabet (no vowels, no 0/1/3).
const K8S_RANDOM = '[bcdfghjklmnpqrstvwxz2456789]';
const REPLICASET_POD = new RegExp(`^(.+)-${K8S_RANDOM}{6,10}-${K8S_RANDOM}{5}$`);
const REPLICASET = new RegExp(`^(.+)-${K8S_RANDOM}{6,10}$`);
const DAEMONSET_POD = new RegExp(`^(.+)-${K8S_RANDOM}{5}$`);
// A StatefulSet ordinal has no leading zero (`postgres-0`, `kafka-12`); `web-01` is a host name.
const STATEFULSET_POD = /^(.+)-(?:0|[1-9]\d{0,3})$/;
const CRONJOB_RUN = /^(.+)-\d{8,10}$/;

/** Lower-cased labels with aliases folded onto their canonical names (the first spelling wins). */
export function canonicalLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    const trimmed = value.trim();
    if (trimmed === '') continue;
    const lower = key.toLowerCase();
    const canonical = ALIASES[lower] ?? lower;
    out[canonical] ??= trimmed;
  }
  return out;
}

/** True when a `job` / `service` value names a metrics scraper or exporter, not a workload. */
export function isScraperName(value: string): boolean {
  return CLUSTER_EXPORTER.test(value) || HOST_EXPORTER.test(value) || SCRAPE_JOB.test(value);
}

/** `orders-api-7d9f8b6c5d-x2x9k` → `orders-api`; `postgres-0` → `postgres`; `fluentd-x7z2k` → `fluentd`. */
export function workloadOfPod(pod: string): string {
  for (const pattern of [REPLICASET_POD, DAEMONSET_POD, STATEFULSET_POD]) {
    const match = pattern.exec(pod);
    if (match) return match[1];
  }
  return pod;
}

/** `https://orders.example.com:443/healthz` or `10.0.1.12:9100` → the host part. */
export function hostOfInstance(instance: string): string {
  const withoutScheme = instance.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = withoutScheme.split(/[/?#]/)[0];
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, '');
}

/**
 * The workload the labels name, or undefined when none does. `service`, `app` and a non-scraper
 * `job` come first; then the Kubernetes objects; then, only under a scraper, the namespace
 * (cluster exporters) or the instance / host (host exporters).
 */
export function workloadFromLabels(input: Record<string, string>): string | undefined {
  const labels = canonicalLabels(input);
  const scrapers = [labels.job, labels.service].filter((value): value is string => value !== undefined && isScraperName(value));
  const clusterScraper = scrapers.some((value) => CLUSTER_EXPORTER.test(value));
  const underScraper = scrapers.length > 0;
  const own = (value: string | undefined): string | undefined => (value && !isScraperName(value) ? value : undefined);
  const exporterPod = [labels.container, labels.pod].some((value) => value !== undefined && isScraperName(workloadOfPod(value)));

  const candidates: Array<string | undefined> = [
    own(labels.service),
    own(labels.app),
    own(labels.workload),
    own(labels.job),
    labels.deployment,
    labels.statefulset,
    labels.daemonset,
    labels.cronjob,
    labels.job_name ? stripRun(labels.job_name) : undefined,
    labels.replicaset ? stripHash(labels.replicaset) : undefined,
    // A pod a controller made names its workload; the container is only a part of it (`indexer` of `search-indexer-…`).
    labels.pod && workloadOfPod(labels.pod) !== labels.pod ? own(workloadOfPod(labels.pod)) : undefined,
    labels.container && labels.container !== 'POD' ? own(labels.container) : undefined,
    labels.pod ? own(labels.pod) : undefined,
    labels.persistentvolumeclaim,
    labels.horizontalpodautoscaler,
  ];
  const object = candidates.find((value) => value !== undefined && value !== '');
  if (object) return object;

  const host = labels.host ?? labels.node ?? (labels.instance && !clusterScraper ? hostOfInstance(labels.instance) : undefined);
  if (underScraper && !clusterScraper && host) return host;
  if (labels.host) return labels.host;
  if (underScraper && labels.node) return labels.node;
  if (underScraper && labels.namespace && !exporterPod) return labels.namespace;
  if (underScraper && host && !clusterScraper) return host;
  return undefined;
}

function stripRun(name: string): string {
  return CRONJOB_RUN.exec(name)?.[1] ?? name;
}

function stripHash(name: string): string {
  return REPLICASET.exec(name)?.[1] ?? name;
}

const NOT_A_WORKLOAD = /^(critical|warning|info|high|low|page|none|prod|production|staging|stage|dev|test|qa|http|https|web|metrics|http-metrics|https-metrics|firing|resolved)$/i;

/**
 * The workload among the bare values of a stock Alertmanager title (label names are not
 * printed): the first Kubernetes-style name that is not a scraper, a severity or an environment.
 */
export function workloadFromGroupValues(values: readonly string[]): string | undefined {
  for (const value of values) {
    if (NOT_A_WORKLOAD.test(value) || isScraperName(value) || /[/:@=]/.test(value) || /^[\d.]+$/.test(value)) continue;
    if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(value)) continue;
    return workloadOfPod(value);
  }
  return undefined;
}

/**
 * The workload every alert of a group names, when they all name the same one (three pods of one
 * deployment: the pod differs, so it is not a common label, yet the workload is); else undefined.
 */
export function workloadOfGroup(labelSets: readonly Record<string, string>[]): string | undefined {
  if (labelSets.length < 2) return undefined;
  const workloads = new Set(labelSets.map((labels) => workloadFromLabels(labels)));
  const [only] = [...workloads];
  return workloads.size === 1 && only !== undefined ? only : undefined;
}

// kubernetes-mixin and most rule annotations name the object as `<Kind> <namespace>/<name>`.
const KUBERNETES_REFERENCE =
  /\b(pod|deployment|statefulset|stateful set|daemonset|daemon set|replicaset|replica set|job|cronjob|cron job)\s+[`'"]?([a-z0-9][a-z0-9-]{0,62})\/([a-z0-9][a-z0-9.-]{0,252}[a-z0-9])\b/i;

/** The workload a Kubernetes object reference in free text names (`Pod shop/orders-7d9f8b6c5d-x2x9k` → `orders`). */
export function workloadFromKubernetesReference(text: string): string | undefined {
  const match = KUBERNETES_REFERENCE.exec(text);
  if (!match) return undefined;
  const kind = match[1].toLowerCase().replace(/\s+/g, '');
  const name = match[3];
  if (kind === 'pod') return workloadOfPod(name);
  if (kind === 'replicaset') return stripHash(name);
  if (kind === 'job') return stripRun(name);
  return name;
}
