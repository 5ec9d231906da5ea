import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { writeBundleFiles } from '../../src/scenarios/bundle-writer';
import { renderRandomIncident } from '../../src/scenarios/random-system/random-incident';

/**
 * Incidents in systems drawn at random (see `npm run bench:unseen` for the full measure): when
 * traces cover the incident, the right service and fault type come first in most of them, and a
 * CPU hog is named whether or not the data holds a normal period before it; when traces hold only
 * a few minutes of the fault, most are still found. The floors sit a
 * little below what the investigator reaches today, so a change that loses ground fails here.
 */
const SEEDS = 30;
const TRACED_FLOOR = 0.85;
/** Traces for only a few minutes around the fault's start, most of them before it. */
const PARTIAL_FLOOR = 0.8;

describe('random-system incidents', () => {
  let root: string;
  const outcomes: Array<{ seed: number; traced: boolean; partial: boolean; faultType: string; right: boolean; got: string }> = [];

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-random-'));
    for (let seed = 1; seed <= SEEDS; seed++) {
      const incident = renderRandomIncident(seed);
      const dir = path.join(root, incident.answer.id);
      await writeBundleFiles(dir, incident.files);
      const { report } = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
      const first = report.ranking[0];
      const { service, faultType } = incident.answer.rootCause;
      outcomes.push({
        seed,
        traced: incident.traits.coverage === 'full' || incident.traits.coverage === 'incident-only',
        partial: incident.traits.coverage === 'partial',
        faultType,
        right: first?.service === service && first.faultType === faultType,
        got: first ? `${first.service} (${first.faultType})` : 'nothing',
      });
    }
  }, 300_000);

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('are diagnosed when traces cover the incident', () => {
    const traced = outcomes.filter((o) => o.traced);
    expect(traced.length).toBeGreaterThanOrEqual(12);
    const share = traced.filter((o) => o.right).length / traced.length;
    expect({ share: share >= TRACED_FLOOR, misses: traced.filter((o) => !o.right).map((o) => `seed ${o.seed}: ${o.got} instead of ${o.faultType}`) }).toMatchObject({ share: true });
  });

  it('are diagnosed when traces hold only a few minutes of the fault', () => {
    const partial = outcomes.filter((o) => o.partial);
    expect(partial.length).toBeGreaterThanOrEqual(6);
    const share = partial.filter((o) => o.right).length / partial.length;
    expect({ share: share >= PARTIAL_FLOOR, misses: partial.filter((o) => !o.right).map((o) => `seed ${o.seed}: ${o.got} instead of ${o.faultType}`) }).toMatchObject({ share: true });
  });

  it('name every CPU hog, traced or not', () => {
    const cpu = outcomes.filter((o) => o.faultType === 'cpu');
    expect(cpu.length).toBeGreaterThan(3);
    expect(cpu.filter((o) => !o.right).map((o) => `seed ${o.seed}: ${o.got}`)).toEqual([]);
  });
});

/**
 * Code faults (an exception, a wrong answer) in incidents whose traces cover only the reference:
 * the request-rate metrics are all there is of the incident. The first draws of that kind, among
 * them some of the hardest: the right service comes first in 6 of these 12 today, in none of them
 * before work shape was read from request rates. Many stay out of reach: in request rates, a
 * service failing right after its last call looks like that call's wrong answer.
 */
const METRICS_ONLY_FLOOR = 0.3;
/** The first 12 such draws, by seed (rendering every draw to find them takes most of a minute). */
const METRICS_ONLY_SEEDS = [5, 58, 83, 114, 174, 180, 206, 234, 248, 250, 261, 265];

describe('random-system code faults with traces only in the reference', () => {
  let root: string;
  const outcomes: Array<{ seed: number; right: boolean; got: string; want: string }> = [];

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-random-'));
    for (const seed of METRICS_ONLY_SEEDS) {
      const incident = renderRandomIncident(seed);
      const { service, faultType } = incident.answer.rootCause;
      // A draw that is no longer of this kind (the generator changed) fails the test below.
      if (incident.traits.coverage !== 'reference-only' || (faultType !== 'exception' && faultType !== 'wrong-return')) continue;
      const dir = path.join(root, incident.answer.id);
      await writeBundleFiles(dir, incident.files);
      const { report } = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
      const first = report.ranking[0];
      outcomes.push({ seed, right: first?.service === service, got: first ? first.service : 'nothing', want: service });
    }
  }, 300_000);

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('name the faulty service first in most of them', () => {
    expect(outcomes.map((o) => o.seed)).toEqual(METRICS_ONLY_SEEDS);
    const share = outcomes.filter((o) => o.right).length / outcomes.length;
    expect({ share: share >= METRICS_ONLY_FLOOR, misses: outcomes.filter((o) => !o.right).map((o) => `seed ${o.seed}: ${o.got} instead of ${o.want}`) }).toMatchObject({ share: true });
  });
});
