/**
 * Metric names vary by exporter; the offline reasoner reasons about families of signals. A metric
 * belongs to the first family whose pattern matches its name. The patterns follow Prometheus
 * naming conventions (snake_case with a unit suffix) and common exporter names.
 */
export type SignalFamily =
  | 'node-cpu'
  | 'node-memory'
  | 'node-network'
  | 'cpu-throttling'
  | 'cpu'
  | 'memory'
  | 'disk'
  | 'network'
  | 'commit-latency'
  | 'consumer-lag'
  | 'pool'
  | 'payload'
  | 'restarts'
  | 'client-latency'
  | 'latency'
  | 'errors'
  | 'availability'
  | 'traffic'
  | 'other';

const FAMILY_PATTERNS: Array<[SignalFamily, RegExp | ((name: string) => boolean)]> = [
  ['node-cpu', /^node_.*cpu/],
  ['node-memory', /^node_.*mem/],
  ['node-network', /^node_.*(network|net_)/],
  ['cpu-throttling', /throttl/],
  ['commit-latency', isCommitLatency],
  ['consumer-lag', /lag/],
  ['pool', /pool|connections_(active|pending|waiting|idle)|connection_wait/],
  ['payload', /payload|request_size|body_size|message_size|request_bytes/],
  ['restarts', /restart/],
  ['cpu', /cpu/],
  ['memory', /memory|mem_|heap|rss|working_set/],
  ['disk', /disk|io_util|iops|fs_|filesystem|io_wait|iowait/],
  // Bytes a pod sends and receives measure how much work it does, not how healthy its network is:
  // they follow its requests and calls, and a slow link hardly changes them.
  ['traffic', isByteVolume],
  ['network', /network|tcp|retrans|packet|net_/],
  // Time a service spends waiting on the calls it makes: its callees' (or the network's) latency, not its own.
  ['client-latency', /client.*(latency|duration|response_time)|(latency|duration).*client/],
  ['latency', /latency|duration|response_time|_seconds_p\d|p\d+_seconds/],
  ['availability', /availability|success_rate|uptime/],
  ['errors', /error|fail|5xx|exception/],
  ['traffic', /requests|ops_per_second|rps|throughput|workload|messages_(produced|consumed)|qps|calls/],
];

export function familyOf(metric: string): SignalFamily {
  const name = metric.toLowerCase();
  for (const [family, pattern] of FAMILY_PATTERNS) if (typeof pattern === 'function' ? pattern(name) : pattern.test(name)) return family;
  return 'other';
}

/** A byte counter or rate of a pod's network (received, transmitted), not one of its errors or drops. */
function isByteVolume(name: string): boolean {
  return /bytes/.test(name) && /receive|transmit|sent|received|rx|tx/.test(name) && !/error|drop|retrans|fail|discard/.test(name);
}

/**
 * What `/commit.*(latency|duration|seconds)|(latency|duration).*commit/` matches, decided from
 * word positions: that pattern retries `.*` from every "commit" and is quadratic on a hostile name.
 */
function isCommitLatency(name: string): boolean {
  const firstCommit = name.indexOf('commit');
  if (firstCommit < 0) return false;
  const lastMeasure = Math.max(name.lastIndexOf('latency'), name.lastIndexOf('duration'), name.lastIndexOf('seconds'));
  if (lastMeasure >= firstCommit + 'commit'.length) return true;
  const measureEnds = ['latency', 'duration'].flatMap((word) => {
    const at = name.indexOf(word);
    return at < 0 ? [] : [at + word.length];
  });
  return measureEnds.length > 0 && Math.min(...measureEnds) <= name.lastIndexOf('commit');
}

/**
 * The direction in which a family's change is bad. Availability going down is bad; traffic is
 * reported both ways (a surge overloads, a drop means callers stopped or a consumer stalled).
 */
export function badDirection(family: SignalFamily): 'up' | 'down' | 'both' {
  if (family === 'availability') return 'down';
  if (family === 'traffic' || family === 'network' || family === 'node-network') return 'both';
  return 'up';
}

/** Families that say something about a service's own health (not shared node-level signals). */
export function isServiceFamily(family: SignalFamily): boolean {
  return !family.startsWith('node-') && family !== 'other';
}
