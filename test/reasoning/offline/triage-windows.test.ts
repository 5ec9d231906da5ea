import type { InvestigationContext } from '../../../src/core/ports/reasoner';
import { sinceSymptom, triageWindows } from '../../../src/reasoning/offline/triage-windows';

const context = (window: [string, string], firedAt: string, baseline?: [string, string]) =>
  ({ window: { start: window[0], end: window[1] }, alert: { firedAt }, baseline: baseline ? { start: baseline[0], end: baseline[1] } : undefined }) as unknown as InvestigationContext;

describe('triageWindows', () => {
  it('starts the incident a few minutes before the alert, with the minutes before it as the recent normal', () => {
    const w = triageWindows(context(['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:20:00Z', ['2025-01-01T10:00:00Z', '2025-01-01T10:10:00Z']), 15_000);
    expect(w.incident.start).toBe('2025-01-01T10:16:00.000Z');
    expect(w.preIncident).toEqual({ start: '2025-01-01T10:01:00.000Z', end: '2025-01-01T10:15:59.000Z' });
    expect(w.baseline).toEqual({ start: '2025-01-01T10:00:00Z', end: '2025-01-01T10:10:00Z' });
  });

  it('keeps a declared baseline that ends before the alert as the only normal there is, when the alert came minutes after the data started', () => {
    // Data from 10:00, baseline 10:00–10:02, alert 10:04: the usual four-minute lead leaves nothing before it.
    const w = triageWindows(context(['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:04:00Z', ['2025-01-01T10:00:00Z', '2025-01-01T10:02:00Z']), 15_000);
    expect(w.incident.start).toBe('2025-01-01T10:02:00.000Z');
    // Too short for statistics: no baseline or recent normal for the regular comparisons, only a thin one for one-sided checks.
    expect(w.baseline).toBeNull();
    expect(w.preIncident).toBeNull();
    expect(w.thin).toEqual({ start: '2025-01-01T10:00:00.000Z', end: '2025-01-01T10:01:59.000Z' });
  });

  it('takes the first minute of data as the only normal when nothing else is', () => {
    const w = triageWindows(context(['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:03:00Z'), 15_000);
    expect(w.incident.start).toBe('2025-01-01T10:01:00.000Z');
    expect(w.thin).toEqual({ start: '2025-01-01T10:00:00.000Z', end: '2025-01-01T10:00:59.000Z' });
    // An alert in the first two minutes leaves no normal to speak of.
    expect(triageWindows(context(['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:01:30Z'), 15_000).thin).toBeUndefined();
    // With a normal period before the usual lead, there is no thin one.
    expect(triageWindows(context(['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:20:00Z'), 15_000).thin).toBeUndefined();
  });

  it('trims a declared baseline that runs into the usual lead, when a minute of it remains', () => {
    // The declared baseline ends a minute before the alert; the part within the lead is not trusted.
    const w = triageWindows(context(['2025-01-01T09:50:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:06:00Z', ['2025-01-01T09:58:00Z', '2025-01-01T10:05:00Z']), 15_000);
    expect(w.incident.start).toBe('2025-01-01T10:02:00.000Z');
    expect(w.baseline).toEqual({ start: '2025-01-01T09:58:00.000Z', end: '2025-01-01T10:01:59.000Z' });
  });
});

describe('sinceSymptom', () => {
  const w = triageWindows(context(['2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'], '2025-01-01T10:20:00Z', ['2025-01-01T10:00:00Z', '2025-01-01T10:10:00Z']), 15_000);
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('starts a minute before the symptom showed, or before the alert when that came first', () => {
    expect(sinceSymptom(w, at('2025-01-01T10:19:00Z'))).toEqual({ start: '2025-01-01T10:18:00.000Z', end: '2025-01-01T10:30:00.000Z' });
    // An onset read after the alert (a sample that happened to look normal reset it): the alert bounds it.
    expect(sinceSymptom(w, at('2025-01-01T10:23:00Z'))).toEqual({ start: '2025-01-01T10:19:00.000Z', end: '2025-01-01T10:30:00.000Z' });
  });

  it('is not set apart when it would start within a minute of the incident period', () => {
    // The incident period starts at 10:16: a symptom from 10:17 leaves no minute of normal before it.
    expect(sinceSymptom(w, at('2025-01-01T10:17:30Z'))).toBeUndefined();
  });
});
