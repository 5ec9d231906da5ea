const NEWLINE = 0x0a;
const CARRIAGE_RETURN = '\r';
const BYTE_ORDER_MARK = '\ufeff';

/** Receives one line and its 1-based number; returns `false` to stop reading. */
export type LineVisitor = (text: string, line: number) => boolean | void;

/**
 * Splits a byte stream into lines (`\n` or `\r\n`) without ever holding more than one line of
 * `maxLineBytes`: a longer line is not assembled but skipped, and reported through `onSkipped`
 * with its number and length, so a file without a single newline costs no memory. Lines are
 * decoded as UTF-8 once they are complete (a newline byte never occurs inside a multi-byte
 * character); a byte-order mark at the start of the file is dropped.
 */
export class LineSplitter {
  /** Number of the last line handed out or skipped. */
  line = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly visit: LineVisitor,
    private readonly onSkipped: (line: number, bytes: number) => void,
  ) {}

  /** Feeds one chunk; false when the visitor asked to stop. */
  push(chunk: Buffer): boolean {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end < 0) {
        this.hold(chunk, start);
        return true;
      }
      if (!this.complete(chunk, start, end)) return false;
      start = end + 1;
    }
  }

  /** Ends the input: hands out a last line that has no newline. False when the visitor stopped. */
  end(): boolean {
    if (this.pendingBytes === 0 && !this.skipping) return true;
    return this.complete(Buffer.alloc(0), 0, 0);
  }

  private hold(chunk: Buffer, start: number): void {
    const bytes = chunk.length - start;
    if (bytes === 0) return;
    this.pendingBytes += bytes;
    if (this.skipping) return;
    if (this.pendingBytes > this.maxLineBytes) {
      this.skipping = true;
      this.pending = [];
      return;
    }
    // A copy: the stream may reuse the chunk's memory once this call returns.
    this.pending.push(Buffer.from(chunk.subarray(start)));
  }

  private complete(chunk: Buffer, start: number, end: number): boolean {
    this.line++;
    const bytes = this.pendingBytes + (end - start);
    if (this.skipping || bytes > this.maxLineBytes) {
      this.reset();
      this.onSkipped(this.line, bytes);
      return true;
    }
    let text =
      this.pending.length === 0
        ? chunk.toString('utf8', start, end)
        : Buffer.concat([...this.pending, chunk.subarray(start, end)]).toString('utf8');
    this.reset();
    if (text.endsWith(CARRIAGE_RETURN)) text = text.slice(0, -1);
    if (this.line === 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    return this.visit(text, this.line) !== false;
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }
}
