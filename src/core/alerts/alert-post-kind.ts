import type { Alert } from './alert-schema';

/**
 * What an alert post means for Causa: `firing` starts an investigation; `resolved` is recorded in
 * the investigation of the same alert; `acknowledged`, `heartbeat` and `update` (an escalation,
 * reassignment, priority change, flapping or downtime notice of an open alert) are only counted.
 */
export type AlertPostKind = 'firing' | 'resolved' | 'acknowledged' | 'heartbeat' | 'update';

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

/** The kind of post an alert is; `update` when the recognizer read a change of an open alert. */
export function alertPostKind(alert: Pick<Alert, 'labels' | 'status'>, update = false): AlertPostKind {
  if (isHeartbeatAlert(alert)) return 'heartbeat';
  if (update && alert.status !== 'resolved') return 'update';
  return alert.status;
}
