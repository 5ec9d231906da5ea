import { LineSplitter } from '../../../src/telemetry/bundle/line-splitter';

function split(chunks: Buffer[], maxLineBytes = 1024) {
  const lines: Array<[number, string]> = [];
  const skipped: Array<[number, number]> = [];
  const splitter = new LineSplitter(maxLineBytes, (text, line) => void lines.push([line, text]), (line, bytes) => void skipped.push([line, bytes]));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, skipped };
}

describe('LineSplitter', () => {
  it('splits on \\n and \\r\\n, keeps a last line without newline and drops a byte-order mark', () => {
    const { lines } = split([Buffer.from('\ufeffa,b\r\nc\n\nd')]);
    expect(lines).toEqual([[1, 'a,b'], [2, 'c'], [3, ''], [4, 'd']]);
  });

  it('joins a line and a multi-byte character cut across chunks', () => {
    const bytes = Buffer.from('héllo wörld\nnext\n');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(split(chunks).lines).toEqual([[1, 'héllo wörld'], [2, 'next']]);
  });

  it('skips and reports a line longer than the limit, and goes on counting lines', () => {
    const long = 'x'.repeat(3000);
    const { lines, skipped } = split([Buffer.from(`ok\n${long.slice(0, 1000)}`), Buffer.from(`${long.slice(1000)}\nafter\n`)]);
    expect(lines).toEqual([[1, 'ok'], [3, 'after']]);
    expect(skipped).toEqual([[2, 3000]]);
  });

  it('keeps a line exactly at the limit', () => {
    expect(split([Buffer.from(`${'y'.repeat(1024)}\n`)]).lines).toEqual([[1, 'y'.repeat(1024)]]);
  });

  it('reports a stream without any newline as one skipped line, whatever its length', () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const { lines, skipped } = split(Array.from({ length: 100 }, () => chunk));
    expect(lines).toEqual([]);
    expect(skipped).toEqual([[1, 100 * 64 * 1024]]);
  });
});
