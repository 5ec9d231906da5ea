import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { normalizeIsoInstant, parseIsoInstant } from '../../../src/core/telemetry/iso-instant';

const HOOK = join(__dirname, '..', '..', 'support', 'typescript-require-hook.js');
const SOURCE = join(__dirname, '..', '..', '..', 'src', 'core', 'telemetry', 'iso-instant.ts');

describe('parseIsoInstant', () => {
  const utc = Date.UTC(2024, 2, 1, 10, 0, 0);

  it('reads a time without a zone as UTC', () => {
    expect(parseIsoInstant('2024-03-01T10:00:00')).toBe(utc);
    expect(parseIsoInstant('2024-03-01 10:00:00')).toBe(utc);
    expect(parseIsoInstant('2024-03-01T10:00')).toBe(utc);
    expect(parseIsoInstant('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
  });

  it('honours Z and offsets', () => {
    expect(parseIsoInstant('2024-03-01T10:00:00Z')).toBe(utc);
    expect(parseIsoInstant('2024-03-01T12:00:00+02:00')).toBe(utc);
    expect(parseIsoInstant('2024-03-01T04:30:00-0530')).toBe(utc);
    expect(parseIsoInstant('2024-03-01T11:00:00+01')).toBe(utc);
  });

  it('keeps fractions below the millisecond', () => {
    expect(parseIsoInstant('2024-03-01T10:00:00.5Z')).toBe(utc + 500);
    expect(parseIsoInstant('2024-03-01T10:00:00,250Z')).toBe(utc + 250);
    expect(parseIsoInstant('2023-01-29T08:48:22.166618843Z') - Date.UTC(2023, 0, 29, 8, 48, 22, 166)).toBeCloseTo(0.618843, 3);
  });

  it('rewrites an instant in UTC with every fraction digit, leaving one already so unchanged', () => {
    expect(normalizeIsoInstant('2023-01-29T08:48:22.166618843Z')).toBe('2023-01-29T08:48:22.166618843Z');
    expect(normalizeIsoInstant('2024-03-01 10:00:00')).toBe('2024-03-01T10:00:00Z');
    expect(normalizeIsoInstant('2024-03-01T12:00:00,5+02:00')).toBe('2024-03-01T10:00:00.5Z');
    expect(normalizeIsoInstant('May 4')).toBeUndefined();
  });

  it('rejects what is not an ISO 8601 instant', () => {
    for (const text of ['1', '12', 'May 4', '2024-02-30T00:00:00Z', '2024-13-01', '2024-03-01T25:00:00Z', '2024-03-01T10:00:00+25:00', '', 'x'.repeat(100), '2024-03-01T10:00:00Z junk']) {
      expect([text, parseIsoInstant(text)]).toEqual([text, Number.NaN]);
    }
  });

  it('reads a time without a zone as UTC on a host in New York too', () => {
    const code = `const { parseIsoInstant } = require(${JSON.stringify(SOURCE)});
      console.log(JSON.stringify([Date.parse('2024-03-01T10:00:00'), parseIsoInstant('2024-03-01T10:00:00'), parseIsoInstant('2024-03-01 10:00:00.123')]));`;
    const child = spawnSync(process.execPath, ['-r', HOOK, '-e', code], { encoding: 'utf8', env: { ...process.env, TZ: 'America/New_York' } });
    expect(child.stderr).toBe('');
    // The child's clock really is in New York: Date.parse reads the same text 5 hours later.
    expect(JSON.parse(child.stdout)).toEqual([utc + 5 * 3_600_000, utc, utc + 123]);
  });
});
