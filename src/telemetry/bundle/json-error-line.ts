/**
 * Finds the 1-based line of the first JSON syntax error in `text`. `JSON.parse` reports a position
 * for some errors only, so this falls back to a small scanner that walks the document.
 */
export function jsonErrorLine(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : firstErrorOffset(text);
  return lineAt(text, offset);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Nesting this deep is reported where it reaches the limit, keeping the scanner off the stack limit. */
const MAX_DEPTH = 2000;

/** Offset of the first character that breaks JSON syntax (text.length when it ends too early). */
function firstErrorOffset(text: string): number {
  let i = 0;
  let depth = 0;
  const fail = (): never => {
    throw i;
  };
  const space = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const literal = (word: string): void => {
    for (const char of word) if (text[i++] !== char) (i--, fail());
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') return container('}', true);
    if (char === '[') return container(']', false);
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    number();
  };
  const container = (close: string, keyed: boolean): void => {
    if (++depth > MAX_DEPTH) fail();
    i++;
    space();
    if (text[i] === close) return void (i++, depth--);
    for (;;) {
      if (keyed) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
      }
      value();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void (i++, depth--);
      else fail();
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
}
