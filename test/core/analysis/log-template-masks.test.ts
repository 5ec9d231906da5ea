import { collapseLists, maskEmails, maskIdentifiers, MASKS } from '../../../src/core/analysis/log-template-masks';
import { seededRandom } from './seeded-random';

/** The backtracking patterns the scanners replace, applied as they were. */
const ID_PATTERN = /\b(?=[\w-]*[A-Za-z_])[A-Za-z_]*\d[\w-]*\d[\w-]*\b/g;
const LIST_PATTERN = /(<(?:uuid|hex|id|num|ip|date|time)>)(?:\s*[,;]\s*\1)+/g;
const EMAIL_PATTERN = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;

function randomText(random: () => number, alphabet: readonly string[], maxPieces: number): string {
  const pieces = 1 + Math.floor(random() * maxPieces);
  return Array.from({ length: pieces }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

describe('log template masks', () => {
  it('mask identifiers exactly as the backtracking pattern did', () => {
    const random = seededRandom(11);
    const alphabet = ['a', 'Z', '_', '1', '9', '-', ' ', '.', '<', '>', 'ab', '12', 'x1y2', '--'];
    for (let i = 0; i < 5_000; i++) {
      const text = randomText(random, alphabet, 14);
      expect([text, maskIdentifiers(text)]).toEqual([text, text.replace(ID_PATTERN, '<id>')]);
    }
  });

  it('collapse lists exactly as the backtracking pattern did', () => {
    const random = seededRandom(12);
    const alphabet = ['<num>', '<id>', '<uuid>', '<v>', ',', ';', ' ', '  ', 'x', '…', '<num>, <num>'];
    for (let i = 0; i < 5_000; i++) {
      const text = randomText(random, alphabet, 12);
      expect([text, collapseLists(text)]).toEqual([text, text.replace(LIST_PATTERN, '$1…')]);
    }
  });

  it('mask emails exactly as the backtracking pattern did', () => {
    const random = seededRandom(13);
    const alphabet = ['a', 'b1', '.', '+', '-', '@', ' ', 'x.com', '@y.org', '/', '_'];
    for (let i = 0; i < 5_000; i++) {
      const text = randomText(random, alphabet, 12);
      expect([text, maskEmails(text)]).toEqual([text, text.replace(EMAIL_PATTERN, '<email>')]);
    }
  });

  // Inputs that made the old masks quadratic ("a.a.a…", "a-a-…", "eyJ-…"): every mask must get
  // through them (how fast is measured by `npm run bench:hostile`, not here). Runs of millions of
  // characters never reach the masks: templateOf masks the first 4096 characters of a message.
  it.each([
    ['a run of 200 000 letters', 'a'.repeat(200_000)],
    ['a list of 100 000 numbers', '1, '.repeat(100_000)],
    ['200 KB of a.a.a', 'a.'.repeat(100_000)],
    ['200 KB of a-a-a', 'a-'.repeat(100_000)],
    ['200 KB of eyJ-', 'eyJ-'.repeat(50_000)],
    ['a domain of 100 000 labels', `x@${'a.'.repeat(100_000)}b`],
  ])('gets through %s', (_name, text) => {
    for (const mask of MASKS) {
      const masked = typeof mask === 'function' ? mask(text) : text.replace(mask[0], mask[1]);
      expect(typeof masked).toBe('string');
    }
  });
});
