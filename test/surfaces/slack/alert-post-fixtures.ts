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
  /** For one that does not: what it is. */
  kind?: 'resolved' | 'acknowledged' | 'heartbeat' | 'chatter';
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

export const FIXTURE_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'alert-posts');

/** Every fixture, file by file in name order, posts in file order (a resolution after its alert). */
export function loadAlertPostFixtures(): AlertPostFixture[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) =>
      (JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, name), 'utf8')) as Omit<AlertPostFixture, 'tool'>[]).map((fixture) => ({
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
