import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * Nagios and Icinga notifications as Slack scripts post them: `** PROBLEM Service Alert:
 * web01/HTTP is CRITICAL **`, `RECOVERY - web01 is UP`, `Host PROBLEM notification` with
 * `Host:` / `State:` / `Service:` lines, `HOST: x SERVICE: y STATE: z` lines, `ACKNOWLEDGEMENT …`.
 * Flapping, downtime and custom notifications are updates that start nothing.
 */
export const nagiosRecognizer: AlertRecognizer = {
  source: 'nagios',
  recognize: recognizeNagios,
};

// $NOTIFICATIONTYPE$: problems, recoveries, acknowledgements, and notices that change no state.
const NOTICES = 'FLAPPINGSTART|FLAPPINGSTOP|FLAPPINGDISABLED|DOWNTIMESTART|DOWNTIMEEND|DOWNTIMECANCELLED|CUSTOM';
const TYPES = `PROBLEM|RECOVERY|ACKNOWLEDGEMENT|${NOTICES}`;
const CLASSIC = new RegExp(`^\\**\\s*(${TYPES})\\s+(Host|Service)\\s+Alert\\s*:\\s*([^/\\s]+)(?:/(.+?))?\\s+is\\s+([A-Z]+)\\s*\\**$`);
// `PROBLEM - web01/HTTP is CRITICAL`, `PROBLEM - mysql-03 - MySQL replication is CRITICAL`
const SHORT = new RegExp(`^(${TYPES})\\s*[-–:]\\s*([^/\\s]+)(?:(?:/|\\s+[-–]\\s+)(.+?))?\\s+is\\s+([A-Z]+)\\b`);
// Scripts that print the macros by name: `HOST: lb-02   SERVICE: HTTPS certificate  STATE: CRITICAL`.
const MACROS = /\bHOST:\s*(\S+)\s+(?:SERVICE:\s*(.+?)\s+)?STATE:\s*([A-Z]+)\b/;
const NOTIFICATION = new RegExp(`^(Host|Service)\\s+(${TYPES})\\s+notification\\b`, 'i');
const STATE_SEVERITY: Record<string, string> = { CRITICAL: 'critical', DOWN: 'critical', UNREACHABLE: 'critical', WARNING: 'warning' };
const LONG_DATE = /\b([A-Z][a-z]{2})\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}:\d{2}:\d{2})\s+([A-Z]{2,5})\s+(\d{4})\b/;

function recognizeNagios(message: AlertMessage): AlertDraft | null {
  const fields = readFields(bodyLines(message));
  let type: string;
  let host: string | undefined;
  let service: string | undefined;
  let state: string | undefined;
  const classic = CLASSIC.exec(message.headline) ?? null;
  const short = classic ? null : SHORT.exec(message.headline);
  const notification = classic || short ? null : NOTIFICATION.exec(message.headline);
  const macros = classic || short || notification ? null : MACROS.exec(message.headline);
  if (classic) [, type, , host, service, state] = classic;
  else if (short) [, type, host, service, state] = short;
  else if (macros) {
    [, host, service, state] = macros;
    type = /^(OK|UP)$/.test(state) ? 'RECOVERY' : 'PROBLEM';
  } else if (notification) {
    type = notification[2].toUpperCase();
    host = fieldValue(fields, ['Host', 'Host name', 'Hostname']);
    service = notification[1].toLowerCase() === 'service' ? fieldValue(fields, ['Service', 'Service description']) : undefined;
    state = fieldValue(fields, ['State', 'Service state', 'Host state'])?.toUpperCase();
  } else return null;
  if (!host) return null;
  const status: AlertStatus = type === 'RECOVERY' ? 'resolved' : type === 'ACKNOWLEDGEMENT' ? 'acknowledged' : 'firing';
  const labels: Record<string, string> = { host };
  if (service) labels.check = service;
  if (state) labels.state = state;
  const when = nagiosTime(fieldValue(fields, ['Date/Time', 'Date', 'Time']) ?? message.raw);
  return {
    source: 'nagios',
    status,
    update: new RegExp(`^(${NOTICES})$`).test(type),
    title: message.headline,
    severity: state ? STATE_SEVERITY[state] : undefined,
    name: service ? `${host}/${service}` : host,
    labels,
    identityLabels: { host, ...(service ? { check: service } : {}) },
    firedAt: status === 'firing' ? when : undefined,
    resolvedAt: status === 'resolved' ? when : undefined,
    descriptions: [fieldValue(fields, ['Additional Info', 'Info', 'Output'])].filter((text): text is string => Boolean(text)),
    count: 1,
  };
}

/** Nagios's `$LONGDATETIME$` (`Tue Mar 11 10:21:05 UTC 2025`) or any other stamp. */
function nagiosTime(text: string): string | undefined {
  const long = LONG_DATE.exec(text);
  if (long) return parseTimestamp(`${long[3]} ${long[2]} ${long[6]} ${long[4]} ${long[5]}`) ?? undefined;
  return parseTimestamp(text) ?? undefined;
}
