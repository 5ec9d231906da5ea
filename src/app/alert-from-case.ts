import { InputError } from '../core/errors';
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
  // An empty recorded title falls back to what the posted text says (never a crash).
  const firstLine = recorded.text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 200);
  const title = recorded.title.trim() || recognized?.title || name?.trim() || firstLine;
  if (!title) {
    throw new InputError("the bundle's case.json has an empty alert: alert.title and alert.text are both empty — write the alert's title (the first line of the message as it was posted) in alert.title");
  }
  return AlertSchema.parse({
    source: recognized?.source ?? source,
    status: recognized?.status ?? 'firing',
    title,
    text: recorded.text,
    firedAt: recorded.firedAt,
    labels,
    symptom,
    fingerprint: recognized?.fingerprint ?? alertFingerprint(source, name, labels),
  });
}
