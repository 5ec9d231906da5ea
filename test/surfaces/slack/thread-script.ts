import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import type { RecordedCall } from './fake-slack-api';
import { buttonValue } from './slack-test-harness';

/**
 * The thread as a script of Web API calls: `post status`, `post H1`, `update H1`, `post steering`,
 * `upload files` (each file's URL and POST), `files.completeUploadExternal`, `post rca`… Messages
 * are named by what they show.
 */
export function threadScript(calls: readonly RecordedCall[]): string[] {
  const names = new Map<string, string>();
  const script: string[] = [];
  // A finding's chart is uploaded without a message (its image block shows it): not a step of the thread.
  const unshared = new Set(calls.filter((call) => call.method === 'files.completeUploadExternal' && call.body.thread_ts === undefined).flatMap((call) => (call.body.files ?? []).map((f: { id: string }) => f.id)));
  for (const call of calls) {
    if (call.rateLimited) continue;
    if (unshared.has(call.response?.file_id) || unshared.has(call.body.fileId) || (call.method === 'files.completeUploadExternal' && call.body.thread_ts === undefined)) continue;
    if (call.method === 'chat.postMessage') {
      const name = messageName(call);
      names.set(call.response.ts, name);
      script.push(`post ${name}`);
    } else if (call.method === 'chat.update') {
      script.push(`update ${names.get(call.body.ts) ?? '?'}`);
    } else if (call.method === 'files.getUploadURLExternal' || call.method === 'upload') {
      // Each file gets its URL and is posted to it, files in parallel: one step for all of them.
      if (script.at(-1) !== 'upload files') script.push('upload files');
    } else if (['files.completeUploadExternal', 'chat.postEphemeral'].includes(call.method)) {
      script.push(call.method);
    }
  }
  return script;
}

function messageName(call: RecordedCall): string {
  const text = String(call.body.text ?? '');
  const value = buttonValue(call);
  if (text.startsWith('Causa is investigating')) return 'status';
  if (value) return value.slice(value.lastIndexOf('/') + 1);
  if (call.body.reply_broadcast === 'true') return 'rca';
  if (text.startsWith('🧭')) return 'steering';
  if (text.startsWith('🔁')) return 'already-investigating';
  if (text.startsWith('⚠️ The language model')) return 'model-fallback';
  return 'other';
}

/**
 * The script the thread must follow for an audit log: one status message, one message per
 * hypothesis, an update of it per verdict or decision, a note per decision, the status updated
 * after each verdict and decision, and at the end the report and charts uploaded into the thread,
 * then the RCA broadcast that points at them.
 */
export function expectedScript(events: readonly InvestigationEvent[]): string[] {
  const script: string[] = [];
  let fallbacks = 0;
  for (const event of events) {
    switch (event.type) {
      case 'reasoner-fallback':
        // Said once per investigation; the status message counts the rest.
        if (++fallbacks === 1) script.push('post model-fallback');
        break;
      case 'investigation-started':
        script.push('post status');
        break;
      case 'hypothesis-proposed':
        script.push(`post ${event.hypothesis.id}`);
        break;
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive':
        script.push(`update ${event.verdict.hypothesisId}`, 'update status');
        break;
      case 'steering-applied': {
        const { command } = event;
        if ((command.type === 'veto' || command.type === 'confirm') && !/ignored/.test(event.effect)) script.push(`update ${command.hypothesisId}`);
        script.push('post steering', 'update status');
        break;
      }
      case 'budget-exhausted':
        script.push('update status');
        break;
      case 'report-ready':
        script.push('upload files', 'files.completeUploadExternal', 'post rca', 'update status');
        break;
      default:
        break;
    }
  }
  return script;
}
