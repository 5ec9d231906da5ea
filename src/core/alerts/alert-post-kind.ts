import type { Alert } from './alert-schema';

/**
 * What an alert post means for Causa: `firing` starts an investigation; `resolved` is recorded in
 * the investigation of the same alert; `acknowledged` and `heartbeat` are only counted.
 */
export type AlertPostKind = 'firing' | 'resolved' | 'acknowledged' | 'heartbeat';

/**
 * Alerts that fire all the time on purpose, to prove the pipeline works (kube-prometheus's
 * `Watchdog` and `InfoInhibitor`, dead man's switches): they are never an incident.
 */
const HEARTBEAT_NAMES = /^(watchdog|info[-_ ]?inhibitor|dead[-_ ]?man'?s[-_ ]?(switch|snitch)|heartbeat|always[-_ ]?firing|alertmanager[-_ ]?heartbeat|prometheus[-_ ]?heartbeat)$/i;

/** True for a heartbeat alert (by its `alertname`). */
export function isHeartbeatAlert(alert: Pick<Alert, 'labels'>): boolean {
  const name = alert.labels.alertname ?? alert.labels.rulename ?? alert.labels.rule_name;
  return name !== undefined && HEARTBEAT_NAMES.test(name.trim());
}

/** The kind of post an alert is. */
export function alertPostKind(alert: Pick<Alert, 'labels' | 'status'>): AlertPostKind {
  if (isHeartbeatAlert(alert)) return 'heartbeat';
  return alert.status;
}
