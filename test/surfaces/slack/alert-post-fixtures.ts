import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a fixture post must do, as its README describes. */
export interface FixtureExpectation {
  starts: boolean;
  /** For a post that starts an investigation. */
  workload?: string | null;
  source?: string;
  status?: string;
  severity?: string | null;
  firedAt?: string;
  count?: number;
  /** For one that does not: what it is (`update`: an escalation, reassignment or other change of an open alert). */
  kind?: 'resolved' | 'acknowledged' | 'heartbeat' | 'update' | 'chatter';
  /** For a resolution: the id of the firing fixture whose investigation it lands in. */
  resolves?: string;
  resolvedAt?: string;
}

/** One real-format Slack event with its origin and expected outcome. */
export interface AlertPostFixture {
  id: string;
  origin: string;
  via: 'message' | 'mention';
  event: Record<string, any>;
  expect: FixtureExpectation;
  /** The file (tool) it comes from. */
  tool: string;
}

/** The library of alert posts the recognizers were built with. */
export const FIXTURE_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'alert-posts');
/** An independent library from other sources and variants, kept as a held-out check. */
export const EXTRA_FIXTURE_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'alert-posts-extra');

/** Every fixture of a library, file by file in name order, posts in file order (a resolution after its alert). */
export function loadAlertPostFixtures(dir: string = FIXTURE_DIR): AlertPostFixture[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) =>
      (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Omit<AlertPostFixture, 'tool'>[]).map((fixture) => ({
        ...fixture,
        tool: name.replace(/\.json$/, ''),
      })),
    );
}

/** The bot and user ids of every configured alert sender in the fixtures. */
export function alertSenderIds(fixtures: readonly AlertPostFixture[]): string[] {
  const ids = new Set<string>(['URELAYBOT']);
  for (const fixture of fixtures) {
    const message = fixture.event.subtype === 'message_changed' ? fixture.event.message : fixture.event;
    if (typeof message.bot_id === 'string') ids.add(message.bot_id);
  }
  return [...ids];
}
