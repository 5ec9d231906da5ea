#!/usr/bin/env node
'use strict';
/*
 * npm run bench:alerts — reads every fixture of the alert-post libraries (real-format Slack events from
 * each tool) the way the Slack surface does (the same text extraction, sender hint and recognizers,
 * from dist/) and prints, per library, per tool and per field, how many fixtures come out as expected.
 * The suites test/surfaces/slack/slack-alert-posts*.test.ts assert the same through the Slack handlers.
 *
 *   npm run bench:alerts                 both libraries: test/fixtures/alert-posts and alert-posts-extra
 *   npm run bench:alerts -- DIR [DIR…]   any folders of fixtures in the same format (see their README)
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseAlertOrThrow } = require('../dist/core/alerts/alert-recognizer');
const { recognizedFromMessage } = require('../dist/surfaces/slack/alert-investigation');
const { slackTime } = require('../dist/surfaces/slack/slack-surface-deps');
const { mentionArguments } = require('../dist/surfaces/slack/usage-text');

const FIELDS = ['trigger', 'workload', 'source', 'status', 'severity', 'firedAt', 'count', 'resolution', 'kind'];
// What a post that starts nothing must be read as (an update or a reassignment may be read either way).
const KINDS = { acknowledged: 'acknowledged', heartbeat: 'heartbeat', chatter: null };
const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['alert-posts', 'alert-posts-extra'].map((name) => path.join(FIXTURES, name));
const clock = () => Date.now();

function read(fixture) {
  const edited = fixture.event.subtype === 'message_changed';
  const message = edited ? fixture.event.message : fixture.event;
  if (fixture.via === 'mention') {
    try {
      const alert = parseAlertOrThrow(mentionArguments(message.text ?? '').rest, { postedAt: slackTime(message.ts, clock), now: () => new Date(clock()) });
      return { alert, kind: alert.status, count: 1 };
    } catch {
      return null;
    }
  }
  return recognizedFromMessage(message, clock);
}

/** Scores one folder; returns its per-field sums. */
function scoreDirectory(dir) {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  const totals = {};
  const fingerprints = new Map();
  const threads = new Map();
  const failures = [];
  const score = (tool, field, ok, id, detail) => {
    const row = (totals[tool] ??= {});
    const cell = (row[field] ??= [0, 0]);
    cell[1] += 1;
    if (ok) cell[0] += 1;
    else failures.push(`${id}: ${field} ${detail}`);
  };

  for (const file of files) {
    const tool = file.replace(/\.json$/, '');
    for (const fixture of JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const got = read(fixture);
      const want = fixture.expect;
      const message = fixture.event.subtype === 'message_changed' ? fixture.event.message : fixture.event;
      // A post inside a thread (or an edit of a post) never starts a second investigation.
      const topLevel = fixture.event.subtype !== 'message_changed' && (message.thread_ts === undefined || message.thread_ts === message.ts);
      const starts = Boolean(got && got.kind === 'firing' && topLevel);
      score(tool, 'trigger', starts === want.starts, fixture.id, `starts=${starts}${got ? ` (${got.kind})` : ''}, expected ${want.starts}`);
      if (got) fingerprints.set(fixture.id, got.alert.fingerprint);
      threads.set(fixture.id, message.ts);
      if (want.starts && starts) {
        const { alert } = got;
        score(tool, 'workload', (alert.symptom.service ?? null) === want.workload, fixture.id, `${alert.symptom.service} vs ${want.workload}`);
        score(tool, 'source', alert.source === want.source, fixture.id, `${alert.source} vs ${want.source}`);
        score(tool, 'status', alert.status === want.status, fixture.id, `${alert.status} vs ${want.status}`);
        score(tool, 'severity', (alert.severity ?? null) === want.severity, fixture.id, `${alert.severity} vs ${want.severity}`);
        score(tool, 'firedAt', Date.parse(alert.firedAt) === Date.parse(want.firedAt), fixture.id, `${alert.firedAt} vs ${want.firedAt}`);
        if (want.count !== undefined) score(tool, 'count', got.count === want.count, fixture.id, `${got.count} vs ${want.count}`);
      }
      if (!want.starts && want.kind in KINDS) {
        const kind = got ? got.kind : null;
        score(tool, 'kind', kind === KINDS[want.kind], fixture.id, `read as ${kind ?? 'not an alert'}, expected ${KINDS[want.kind] ?? 'not an alert'}`);
      }
      if (want.resolves) {
        // As the intake does: the post's own thread (an edit of the alert, a reply in its thread) first, else the fingerprint.
        const thread = message.thread_ts ?? message.ts;
        const lands = got && got.kind === 'resolved' && (threads.get(want.resolves) === thread || fingerprints.get(want.resolves) === got.alert.fingerprint);
        const when = !want.resolvedAt || (got && Date.parse(got.alert.resolvedAt) === Date.parse(want.resolvedAt));
        score(tool, 'resolution', Boolean(lands && when), fixture.id, !lands ? `does not land in its alert's investigation${got ? ` (${got.kind})` : ''}` : `resolvedAt ${got.alert.resolvedAt} vs ${want.resolvedAt}`);
      }
    }
  }

  const pad = (text, width) => String(text).padEnd(width);
  console.log(`alert posts from ${path.relative(process.cwd(), dir) || dir}`);
  console.log([pad('tool', 14), ...FIELDS.map((field) => pad(field, 11))].join(''));
  const sum = {};
  for (const [tool, row] of Object.entries(totals)) {
    console.log([pad(tool, 14), ...FIELDS.map((field) => pad(row[field] ? `${row[field][0]}/${row[field][1]}` : '-', 11))].join(''));
    for (const [field, [ok, all]] of Object.entries(row)) {
      sum[field] ??= [0, 0];
      sum[field][0] += ok;
      sum[field][1] += all;
    }
  }
  console.log([pad('total', 14), ...FIELDS.map((field) => pad(sum[field] ? `${sum[field][0]}/${sum[field][1]}` : '-', 11))].join(''));
  for (const failure of failures) console.log(`  ✗ ${failure}`);
  console.log(JSON.stringify({ dir: path.basename(dir), totals: sum, failures: failures.length }));
  console.log('');
  return failures.length;
}

let failed = 0;
for (const dir of dirs) failed += scoreDirectory(path.resolve(dir));
if (failed > 0) console.log(`${failed} expectation(s) not met`);
