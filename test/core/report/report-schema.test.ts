import { buildReport } from '../../../src/core/report/report-builder';
import {
  ReportSchema,
  computeContentHash,
  reportJsonSchema,
  verifyContentHash,
} from '../../../src/core/report/report-schema';
import { referenceInput } from './report-fixtures';

describe('ReportSchema', () => {
  const report = buildReport(referenceInput());

  it('validates the JSON a built report serializes to', () => {
    const json = JSON.parse(JSON.stringify(report));
    const parsed = ReportSchema.safeParse(json);
    expect(parsed.success).toBe(true);
    expect(json.schemaVersion).toBe('causa.report/v1');
  });

  it('rejects a report with another schema version or a malformed hash', () => {
    expect(ReportSchema.safeParse({ ...report, schemaVersion: 'causa.report/v2' }).success).toBe(false);
    expect(ReportSchema.safeParse({ ...report, contentHash: 'md5:abc' }).success).toBe(false);
  });

  it('publishes a JSON Schema of an object with every report key required', () => {
    const schema = reportJsonSchema();
    expect(schema.type).toBe('object');
    const required = schema.required as string[];
    for (const key of Object.keys(ReportSchema.shape)) expect(required).toContain(key);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.schemaVersion.const).toBe('causa.report/v1');
    // The built report satisfies the published schema's top level: required keys and basic types.
    const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    for (const key of required) expect(json).toHaveProperty(key);
    for (const [key, property] of Object.entries(properties)) {
      if (property.type === 'array') expect(Array.isArray(json[key])).toBe(true);
      if (property.type === 'string') expect(typeof json[key]).toBe('string');
      if (property.type === 'boolean') expect(typeof json[key]).toBe('boolean');
    }
  });
});

describe('content hash', () => {
  it('is stable for identical investigations, whenever the report is generated', () => {
    const a = buildReport(referenceInput());
    const b = buildReport(referenceInput({ generatedAt: '2030-01-01T00:00:00.000Z' }));
    expect(a.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.contentHash).toBe(a.contentHash);
  });

  it('does not depend on the order of keys in the records', () => {
    const report = buildReport(referenceInput());
    const reordered = {
      ...report,
      evidence: report.evidence.map((e) => Object.fromEntries(Object.entries(e).reverse())) as typeof report.evidence,
    };
    expect(computeContentHash(reordered)).toBe(report.contentHash);
  });

  it('changes when evidence, a hypothesis or a decision changes', () => {
    const base = buildReport(referenceInput());
    const input = referenceInput();
    input.evidence[0].evidence.summary = 'p99 1.1x baseline';
    expect(buildReport(input).contentHash).not.toBe(base.contentHash);

    const other = referenceInput();
    other.hypotheses[0].status = 'refuted';
    expect(buildReport(other).contentHash).not.toBe(base.contentHash);

    const third = referenceInput();
    third.decisions[1].effect = 'ignored';
    expect(buildReport(third).contentHash).not.toBe(base.contentHash);
  });

  it('verifies an untouched report and catches an edited query', () => {
    const report = buildReport(referenceInput());
    expect(verifyContentHash(report)).toBe(true);
    const tampered = { ...report, evidence: report.evidence.map((e, i) => (i === 0 ? { ...e, query: 'up' } : e)) };
    expect(verifyContentHash(tampered)).toBe(false);
    expect(verifyContentHash({ ...report, summary: 'rewritten summary' })).toBe(true);
  });
});
