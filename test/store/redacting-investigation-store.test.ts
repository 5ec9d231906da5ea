import { createRedactor } from '../../src/config/secret-redaction';
import { MemoryInvestigationStore } from '../../src/store/memory/memory-investigation-store';
import { redactDeep, RedactingInvestigationStore } from '../../src/store/redacting-investigation-store';
import { runInvestigationStoreContract } from '../contract/investigation-store-contract';

const SECRET = 'planted-secret-value-8812';
const redact = createRedactor([SECRET]);

describe('redactDeep', () => {
  it('redacts every string of plain objects and arrays, keeping numbers, booleans, nulls and the shape', () => {
    const value = { a: `x ${SECRET} y`, b: [1, true, null, { c: SECRET }], d: { e: 2.5 } };
    const result = redactDeep(value, redact);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result.b.slice(0, 3)).toEqual([1, true, null]);
    expect(result.d).toEqual({ e: 2.5 });
    expect(result.a).toMatch(/^x .+ y$/);
  });
});

describe('RedactingInvestigationStore', () => {
  it('keeps what is appended, created and updated without the secret', async () => {
    const store = new RedactingInvestigationStore(new MemoryInvestigationStore(), redact);
    const now = new Date().toISOString();
    const alert = { title: `Disk full ${SECRET}`, source: 'alertmanager', fingerprint: 'alertmanager:0123456789abcdef', text: SECRET, labels: { token: SECRET }, firedAt: now };
    await store.create({ id: 'inv-1', status: 'queued', alert, createdAt: now, updatedAt: now } as never);
    await store.append('inv-1', { type: 'investigation-failed', error: `backend said ${SECRET}`, code: 'x' } as never);
    await store.update('inv-1', { error: SECRET } as never);
    const stored = JSON.stringify([await store.get('inv-1'), await store.events('inv-1')]);
    expect(stored).not.toContain(SECRET);
    expect(stored).toContain('Disk full');
  });
});

runInvestigationStoreContract('redacting, over memory', async () => ({ store: new RedactingInvestigationStore(new MemoryInvestigationStore(), redact) }));
