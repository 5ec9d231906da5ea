import { z } from 'zod';
import { alertFingerprint } from '../../core/alerts/alert-fingerprint';
import { AlertSchema, SymptomSignalSchema, type Alert } from '../../core/alerts/alert-schema';
import type { TelemetrySource } from '../../core/ports/telemetry-source';
import type { AlertReader } from '../../core/ports/thread-assistant';
import { timeRange } from '../../core/telemetry/time-range-schema';
import { StandaloneLedger } from './call-ledger';
import { ModelCallError } from './model-call-error';
import type { ModelGateway } from './model-gateway';
import { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

export const AlertReadingSchema = z.strictObject({
  isAlert: z.boolean().describe('true when the message reports a problem of a running service'),
  title: z.string().max(200).describe('a short title for the alert, in the message\'s own words'),
  service: z.string().nullable().describe('the service showing the symptom: one of the known services when the message means one of them, else as the message names it'),
  signal: SymptomSignalSchema,
  firedAt: z.string().nullable().describe('ISO 8601 UTC when the message says when it fired'),
  severity: z.string().nullable(),
});

const SYSTEM = [
  'You read one chat message that someone asked Causa to investigate, in a format Causa does not know, and extract the alert it reports: a title, the service showing the symptom, the kind of symptom and when it fired.',
  'Use only what the message says; when it names no service, say null. When the message means one of the known services (written differently, e.g. with spaces), give that service\'s exact name.',
  'Answer with JSON only, matching the schema.',
  DATA_RULE,
].join('\n');

const MESSAGE_LENGTH = 4000;
/** A firing time further than this from the post is not believed. */
const FIRED_HORIZON_MS = 7 * 24 * 60 * 60_000;

/**
 * Reads alerts the recognizers do not know, only when someone explicitly asks Causa to
 * investigate the message. The model sees the message and the services the telemetry knows; its
 * reading is validated: the service must be one the telemetry knows or be named in the message
 * (spaces, dashes and case aside), the time must parse and be near the post; the message is kept
 * verbatim.
 */
export class LlmAlertReader implements AlertReader {
  constructor(
    private readonly gateway: ModelGateway,
    private readonly options: { source?: TelemetrySource; onFailure?: (reason: string) => void } = {},
  ) {}

  /** The services the telemetry had data for around the post (none when it cannot say). */
  private async knownServices(posted: number): Promise<string[]> {
    if (!this.options.source) return [];
    try {
      return (await this.options.source.catalog({ around: timeRange(posted - 30 * 60_000, posted + 5 * 60_000) })).services;
    } catch {
      return [];
    }
  }

  async readAlert(text: string, options: { postedAt: string }): Promise<Alert | null> {
    const redactor = new Redactor(this.gateway.settings.redact);
    const ledger = new StandaloneLedger(this.gateway.settings.maxPromptTokens + this.gateway.settings.maxOutputTokens);
    const posted = Date.parse(options.postedAt);
    const services = await this.knownServices(posted);
    let reading: z.infer<typeof AlertReadingSchema>;
    try {
      const user = ['Task: extract the alert this message reports.', dataBlock('message', redactor.redact(clip(text, MESSAGE_LENGTH))), 'The services the telemetry knows:', dataBlock('services', services.slice(0, 300))].join('\n\n');
      reading = await this.gateway.structured({ purpose: 'read-alert', system: SYSTEM, user, schema: AlertReadingSchema, schemaName: 'read_alert' }, ledger);
    } catch (error) {
      this.options.onFailure?.(error instanceof ModelCallError ? error.message : String(error));
      return null;
    }
    if (!reading.isAlert || reading.title.trim() === '') return null;
    const service = checkedService(reading.service, text, services);
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

/** Letters and digits only, lower case: "Orders Consumer" and "orders-consumer" compare equal. */
const squash = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The model's service when the telemetry knows it or the message names it, else none. */
function checkedService(service: string | null, text: string, known: readonly string[]): string | undefined {
  if (!service?.trim()) return undefined;
  const wanted = squash(service);
  const match = known.find((s) => squash(s) === wanted);
  if (match) return match;
  return wanted !== '' && squash(text).includes(wanted) ? service.trim() : undefined;
}
