import { BundleError } from '../../../src/core/errors';
import { loadBundle } from '../../../src/telemetry/bundle/bundle-loader';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const HEADER = 'timestamp,service,instance,metric,value';
const SECONDS = [1709287200, 1709287260, 1709287320];
const csv = (stamps: Array<string | number>) => `${HEADER}\n${stamps.map((ts, i) => `${ts},carts,,cpu_usage_percent,${i + 1}`).join('\n')}\n`;

async function seriesOf(stamps: Array<string | number>) {
  const index = await (await loadBundle(writeBundle({ metrics: csv(stamps) }))).metrics();
  return { timestamps: [...index!.series[0].timestamps], minTs: index!.minTs };
}

async function failure(stamps: Array<string | number>): Promise<string> {
  const error = await (await loadBundle(writeBundle({ metrics: csv(stamps) }))).metrics().then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(BundleError);
  return (error as BundleError).message;
}

describe('metrics.csv timestamps', () => {
  it('detect milliseconds, microseconds and nanoseconds from their magnitude', async () => {
    // Milliseconds were read as seconds: the year 56337.
    const expected = { timestamps: SECONDS, minTs: SECONDS[0] };
    expect(await seriesOf(SECONDS.map((s) => s * 1000))).toEqual(expected);
    expect(await seriesOf(SECONDS.map((s) => `${s}000000`))).toEqual(expected);
    expect(await seriesOf(SECONDS.map((s) => `${s}000000000`))).toEqual(expected);
    expect(await seriesOf(SECONDS)).toEqual(expected);
  });

  it('accept ISO 8601 times, UTC unless they name a zone', async () => {
    expect((await seriesOf(['2024-03-01T10:00:00Z', '2024-03-01T10:01:00', '2024-03-01T12:02:00+02:00'])).timestamps).toEqual(SECONDS);
  });

  it('reject a file mixing units, naming file and line', async () => {
    expect(await failure([SECONDS[0], SECONDS[1] * 1000])).toMatch(
      /metrics\.csv:3: timestamp 1709287260000 looks like unix time in milliseconds, but this file's timestamps are in seconds \(line 2\); write every timestamp in one unit$/,
    );
  });

  it('reject a number too large for any unit, and text that is no time', async () => {
    expect(await failure(['1e21'])).toMatch(/metrics\.csv:2: timestamp 1e21 is too large for unix time in seconds, milliseconds, microseconds or nanoseconds/);
    expect(await failure(['yesterday'])).toMatch(/metrics\.csv:2: timestamp "yesterday" is neither unix time \(seconds, ms, µs or ns\) nor an ISO 8601 time/);
  });

  it('report rows dated far outside the case window and baseline as a data gap', async () => {
    const source = new BundleSource({ dir: writeBundle({ metrics: csv([...SECONDS, 4102444800]) }) });
    const catalog = await source.catalog();
    expect(catalog.dataGaps).toEqual([
      "metrics.csv: 1 record dated far outside the case's window and baseline (line 5: 2100-01-01T00:00:00.000Z); check the timestamps' unit and time zone",
    ]);
  });
});
