import type { Report } from '../core/report/report-schema';

/** A rendered chart of a report, ready to upload or to write beside the Markdown report. */
export interface ReportChart {
  kind: 'cause' | 'alert' | 'finding';
  /** The hypothesis whose evidence it shows, null for the alert's own signal. */
  hypothesisId: string | null;
  /** `causa-rca-<id>-cause.png`. */
  fileName: string;
  /** Words for people: file title and alt text. */
  title: string;
  png: Buffer;
  width: number;
  height: number;
}

/** Draws the charts of a finished report; resolves to none when nothing can be drawn (never rejects). */
export type ReportChartMaker = (report: Report) => Promise<ReportChart[]>;
