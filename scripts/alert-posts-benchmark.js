#!/usr/bin/env node
'use strict';
/*
 * npm run bench:alerts — reads every fixture of test/fixtures/alert-posts (real-format Slack events
 * from each tool) the way the Slack surface does (the same text extraction and recognizers, from
 * dist/) and prints, per tool and per field, how many fixtures come out as expected. The suite
 * test/surfaces/slack/slack-alert-posts.test.ts asserts the same through the Slack handlers.
 * Pass a folder to score another set of fixtures in the same format.
 */
const fs = require('node:fs');
const path = require('node:path');
const { recognizeAlertGroup, parseAlertOrThrow } = require('../dist/core/alerts/alert-recognizer');
const { extractMessageText } = require('../dist/surfaces/slack/slack-message-text');
const { mentionArguments } = require('../dist/surfaces/slack/usage-text');

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'test', 'fixtures', 'alert-posts'));
const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
const FIELDS = ['trigger', 'workload', 'source', 'status', 'severity', 'firedAt', 'count', 'resolution'];
const totals = {};
const fingerprints = new Map();
const failures = [];

function read(fixture) {
  const event = fixture.event.subtype === 'message_changed' ? fixture.event.message : fixture.event;
  const postedAt = new Date(parseFloat(event.ts) * 1000).toISOString();
  if (fixture.via === 'mention') {
    try {
      const alert = parseAlertOrThrow(mentionArguments(event.text ?? '').rest, { postedAt });
      return { alert, kind: alert.status, count: 1 };
    } catch {
      return null;
    }
  }
  const { text, fragments } = extractMessageText(event);
  return recognizeAlertGroup(text, { postedAt, attachments: fragments });
}

function score(tool, field, ok, id, detail) {
  const row = (totals[tool] ??= {});
  const cell = (row[field] ??= [0, 0]);
  cell[1] += 1;
  if (ok) cell[0] += 1;
  else failures.push(`${id}: ${field} ${detail}`);
}

for (const file of files) {
  const tool = file.replace(/\.json$/, '');
  for (const fixture of JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))) {
    const got = read(fixture);
    const want = fixture.expect;
    const starts = Boolean(got && got.kind === 'firing');
    score(tool, 'trigger', starts === want.starts, fixture.id, `starts=${starts}, expected ${want.starts}`);
    if (got) fingerprints.set(fixture.id, got.alert.fingerprint);
    if (want.starts && starts) {
      const alert = got.alert;
      score(tool, 'workload', (alert.symptom.service ?? null) === want.workload, fixture.id, `${alert.symptom.service} vs ${want.workload}`);
      score(tool, 'source', alert.source === want.source, fixture.id, `${alert.source} vs ${want.source}`);
      score(tool, 'status', alert.status === want.status, fixture.id, `${alert.status} vs ${want.status}`);
      score(tool, 'severity', (alert.severity ?? null) === want.severity, fixture.id, `${alert.severity} vs ${want.severity}`);
      score(tool, 'firedAt', Date.parse(alert.firedAt) === Date.parse(want.firedAt), fixture.id, `${alert.firedAt} vs ${want.firedAt}`);
      if (want.count !== undefined) score(tool, 'count', got.count === want.count, fixture.id, `${got.count} vs ${want.count}`);
    }
    if (want.resolves) {
      const same = got && got.kind === 'resolved' && fingerprints.get(want.resolves) === got.alert.fingerprint;
      score(tool, 'resolution', Boolean(same), fixture.id, 'does not match its alert');
    }
  }
}

const pad = (text, width) => String(text).padEnd(width);
console.log(`alert posts from ${dir}`);
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
console.log(JSON.stringify({ totals: sum, failures: failures.length }));
