import { z } from 'zod';
import { alertFingerprint } from '../../core/alerts/alert-fingerprint';
import { AlertSchema, SymptomSignalSchema, type Alert } from '../../core/alerts/alert-schema';
import type { AlertReader } from '../../core/ports/thread-assistant';
import { StandaloneLedger } from './call-ledger';
import { ModelCallError } from './model-call-error';
import type { ModelGateway } from './model-gateway';
import { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

export const AlertReadingSchema = z.strictObject({
  isAlert: z.boolean().describe('true when the message reports a problem of a running service'),
  title: z.string().max(200).describe('a short title for the alert, in the message\'s own words'),
  service: z.string().nullable().describe('the service showing the symptom, as named in the message'),
  signal: SymptomSignalSchema,
  firedAt: z.string().nullable().describe('ISO 8601 UTC when the message says when it fired'),
  severity: z.string().nullable(),
});

const SYSTEM = [
  'You read one chat message that someone asked Causa to investigate, in a format Causa does not know, and extract the alert it reports: a title, the service showing the symptom, the kind of symptom and when it fired.',
  'Use only what the message says; when it names no service, say null. Answer with JSON only, matching the schema.',
  DATA_RULE,
].join('\n');

const MESSAGE_LENGTH = 4000;
/** A firing time further than this from the post is not believed. */
const FIRED_HORIZON_MS = 7 * 24 * 60 * 60_000;

/**
 * Reads alerts the recognizers do not know, only when someone explicitly asks Causa to
 * investigate the message. The model's reading is validated: the service must be named in the
 * message itself, the time must parse and be near the post; the message is kept verbatim.
 */
export class LlmAlertReader implements AlertReader {
  constructor(private readonly gateway: ModelGateway, private readonly onFailure: (reason: string) => void = () => undefined) {}

  async readAlert(text: string, options: { postedAt: string }): Promise<Alert | null> {
    const redactor = new Redactor(this.gateway.settings.redact);
    const ledger = new StandaloneLedger(this.gateway.settings.maxPromptTokens + this.gateway.settings.maxOutputTokens);
    let reading: z.infer<typeof AlertReadingSchema>;
    try {
      reading = await this.gateway.structured(
        { purpose: 'read-alert', system: SYSTEM, user: ['Task: extract the alert this message reports.', dataBlock('message', redactor.redact(clip(text, MESSAGE_LENGTH)))].join('\n\n'), schema: AlertReadingSchema, schemaName: 'read_alert' },
        ledger,
      );
    } catch (error) {
      this.onFailure(error instanceof ModelCallError ? error.message : String(error));
      return null;
    }
    if (!reading.isAlert || reading.title.trim() === '') return null;
    const service = reading.service && text.toLowerCase().includes(reading.service.toLowerCase()) ? reading.service.trim() : undefined;
    const posted = Date.parse(options.postedAt);
    const fired = reading.firedAt ? Date.parse(reading.firedAt) : Number.NaN;
    const firedAt = Number.isFinite(fired) && Math.abs(fired - posted) <= FIRED_HORIZON_MS ? new Date(fired).toISOString() : new Date(posted).toISOString();
    const title = redactor.restore(reading.title.trim());
    const labels: Record<string, string> = service ? { service } : {};
    return AlertSchema.parse({
      source: 'generic',
      title: clip(title, 200),
      text,
      firedAt,
      labels,
      symptom: { service, signal: reading.signal },
      fingerprint: alertFingerprint('generic', title, labels),
    });
  }
}
