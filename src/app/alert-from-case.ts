import { alertFingerprint } from '../core/alerts/alert-fingerprint';
import { recognizeAlert } from '../core/alerts/alert-recognizer';
import { AlertSchema, AlertSourceSchema, type Alert } from '../core/alerts/alert-schema';
import { extractSymptom } from '../core/alerts/symptom-extractor';
import type { BundleCase } from '../telemetry/bundle';

/**
 * The alert of a recorded incident. The posted text is recognized like any chat message; the
 * bundle's own fields (time, labels) win where they are explicit, so nothing recorded is lost.
 */
export function alertFromCase(bundleCase: BundleCase): Alert {
  const recorded = bundleCase.alert;
  const source = AlertSourceSchema.safeParse(recorded.source).success ? AlertSourceSchema.parse(recorded.source) : 'generic';
  const recognized = recognizeAlert(recorded.text, { postedAt: recorded.firedAt, senderHint: source, now: () => new Date(recorded.firedAt) });
  const labels = { ...(recognized?.labels ?? {}), ...recorded.labels };
  const name = labels.alertname ?? recorded.title;
  const symptom = recognized?.symptom.service
    ? recognized.symptom
    : extractSymptom({ labels, name, title: recorded.title, descriptions: [recorded.text] });
  return AlertSchema.parse({
    source: recognized?.source ?? source,
    status: recognized?.status ?? 'firing',
    title: recorded.title,
    text: recorded.text,
    firedAt: recorded.firedAt,
    labels,
    symptom,
    fingerprint: recognized?.fingerprint ?? alertFingerprint(source, name, labels),
  });
}
