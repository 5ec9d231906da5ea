import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { TelemetryEvent } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { forEachLine, type SearchOptions } from './bundle-file-reader';
import { parseEventLine } from './bundle-line-parsers';
import { checkRecordTime, readIndexLines, type IndexBuildOptions } from './index-build-options';
import { ReadNotes } from './read-notes';
import { formatRange, outsideData, type QueryAnswer } from './query-answer';

/** What one validating pass over `events.jsonl` learns; searches stream the file again. */
export interface EventIndex {
  count: number;
  services: string[];
  minMs: number;
  maxMs: number;
  /** Over-long lines skipped and events dated far outside the case. */
  notes: ReadNotes;
}

/** Validates `events.jsonl` in one streaming pass and records its extent. */
export async function buildEventIndex(file: string, options: IndexBuildOptions = {}): Promise<EventIndex> {
  const notes = new ReadNotes();
  const services = new Set<string>();
  let count = 0;
  let minMs = Infinity;
  let maxMs = -Infinity;
  await readIndexLines(file, options, notes, (raw, line) => {
    if (raw.trim() === '') return;
    const event = parseEventLine(raw);
    services.add(event.service);
    count++;
    minMs = Math.min(minMs, event.tsMs);
    maxMs = Math.max(maxMs, event.tsMs);
    checkRecordTime(options, notes, line, event.tsMs);
  });
  return { count, services: [...services].sort(), minMs, maxMs, notes };
}

/** `event_search`: events in the range, filtered by service and by text in reason or message. */
export async function runEventSearch(
  file: string,
  index: EventIndex,
  params: QueryParams<'event_search'>,
  options: SearchOptions = {},
): Promise<QueryAnswer> {
  const outside = outsideData('event', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const { startMs, endMs } = rangeMs(params.range);
  const text = params.text?.toLowerCase();
  const events: TelemetryEvent[] = [];
  const reasons = new Set<string>();
  let totalMatches = 0;
  await forEachLine(
    file,
    (raw) => {
      if (raw.trim() === '') return;
      const { tsMs, ...event } = parseEventLine(raw);
      if (tsMs < startMs || tsMs > endMs) return;
      if (params.service !== undefined && event.service !== params.service) return;
      if (text !== undefined && !`${event.reason ?? ''}\n${event.message}`.toLowerCase().includes(text)) return;
      totalMatches++;
      if (event.reason) reasons.add(event.reason);
      if (events.length < params.limit) events.push(event);
    },
    options,
  );
  const summary =
    `${totalMatches} events in ${formatRange(params.range)}` +
    (reasons.size > 0 ? `; reasons: ${[...reasons].slice(0, 6).join(', ')}` : '');
  return {
    status: 'ok',
    summary,
    digest: { matchedEvents: totalMatches, returnedEvents: events.length },
    data: { kind: 'event_search', events, totalMatches },
  };
}
