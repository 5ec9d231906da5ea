import { buildReport } from '../../../src/core/report/report-builder';
import { node, referenceInput } from './report-fixtures';

describe('buildReport', () => {
  const report = buildReport(referenceInput());

  it('ranks the deepest supported cause first, then the fallbacks, one entry per service', () => {
    expect(report.ranking.map((r) => [r.hypothesisId, r.service, r.confidence])).toEqual([
      ['H1.2.1', 'payments-db', 0.7],
      ['H1', 'checkout', 0.64],
      ['H1.2', 'payments', 0.6],
      ['H4', 'inventory', 0.2],
    ]);
    expect(report.ranking[0].faultType).toBe('disk');
    expect(report.abstained).toBe(false);
    expect(report.confidence).toBe(0.7);
    expect(report.bestLead).toBeNull();
  });

  it('never ranks refuted or vetoed nodes, nor anything below a veto', () => {
    const services = report.ranking.map((r) => r.service);
    expect(services).not.toContain('frontend');
    expect(services).not.toContain('cache');
  });

  it('traces the causal chain from the symptom down to the top cause', () => {
    expect(report.causalChain.map((l) => [l.hypothesisId, l.service, l.status])).toEqual([
      [null, 'frontend', 'observed'],
      ['H1', 'checkout', 'supported'],
      ['H1.2', 'payments', 'supported'],
      ['H1.2.1', 'payments-db', 'supported'],
    ]);
    expect(report.causalChain[2].confidence).toBe(0.75);
    expect(report.causalChain[2].finding).toBe('payments p99 2.2x baseline');
  });

  it('summarizes the symptom and the deepest cause with its confidence', () => {
    expect(report.summary).toContain('High p99 latency on frontend');
    expect(report.summary).toContain('payments-db disk I/O is saturated');
    expect(report.summary).toContain('70%');
    expect(report.summary).toContain('H1 → H1.2 → H1.2.1');
    expect(report.summary).not.toMatch(/insufficient/);
  });

  it('lists refuted hypotheses with their findings and vetoed ones with who vetoed them', () => {
    expect(report.rejected).toEqual([
      { hypothesisId: 'H1.1', statement: 'checkout CPU is saturated', status: 'refuted', reason: 'CPU 22% vs 20% baseline' },
      { hypothesisId: 'H2', statement: 'a deploy of frontend broke it', status: 'refuted', reason: 'no deploy in the window' },
      { hypothesisId: 'H3', statement: 'cache errors surge', status: 'vetoed', reason: 'vetoed by alice' },
    ]);
  });

  it('records human decisions with their effect', () => {
    expect(report.decisions).toEqual([
      { at: '2024-05-01T10:40:00Z', by: 'alice', type: 'veto', hypothesisId: 'H3', text: null, effect: 'H3 and its branch dropped' },
      { at: '2024-05-01T10:41:00Z', by: 'bob', type: 'note', hypothesisId: null, text: 'payments-db had a | noisy neighbour last week', effect: 'noted' },
    ]);
  });

  it('orders the timeline by time: onsets, the alert, decisions; refuted onsets left out', () => {
    expect(report.timeline.map((t) => [t.at, t.hypothesisId])).toEqual([
      ['2024-05-01T10:26:00.000Z', 'H1.2.1'],
      ['2024-05-01T10:27:00.000Z', 'H1'],
      ['2024-05-01T10:30:00.000Z', null],
      ['2024-05-01T10:40:00.000Z', 'H3'],
      ['2024-05-01T10:41:00.000Z', null],
    ]);
    expect(report.timeline[2].what).toContain('Alert fired');
    expect(report.timeline[3].service).toBe('cache');
  });

  it('keeps every evidence item with its exact query and every hypothesis that cites it', () => {
    expect(report.evidence.map((e) => e.id)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(report.evidence[0].hypothesisIds).toEqual(['H1', 'H1.2']);
    expect(report.evidence[1].query).toBe('{app="payments-db"} |= "slow query" | json | duration > 2s');
    expect(report.evidence[3].hypothesisIds).toEqual([]);
  });

  it('resolves confidence and finding from verdicts when the node lacks them', () => {
    const h12 = report.hypotheses.find((h) => h.id === 'H1.2');
    expect(h12).toMatchObject({ confidence: 0.75, finding: 'payments p99 2.2x baseline' });
    expect(report.hypotheses.find((h) => h.id === 'H5')).toMatchObject({ confidence: null, finding: null });
    expect(report.hypotheses.map((h) => h.id)).toEqual(['H1', 'H1.1', 'H1.2', 'H1.2.1', 'H2', 'H3', 'H3.1', 'H4', 'H5']);
  });

  it('raises open questions for inconclusive and untested nodes, and lists data gaps', () => {
    expect(report.openQuestions).toEqual([
      'Does "inventory traffic surged" hold (H4)? The evidence was inconclusive: rate +30% but within noise',
      'Never tested before the investigation stopped (hypothesis budget exhausted): "auth tokens expire early" (H5).',
    ]);
    expect(report.dataGaps).toEqual([
      'no traces for payments-db',
      'E3 inventory_rate (prometheus) returned no data (series not found)',
      'E4 trace_search (tempo) failed (HTTP 503 from tempo)',
    ]);
  });

  it('carries budget limits, usage and the stop reason', () => {
    expect(report.budget.stopReason).toBe('hypothesis budget exhausted');
    expect(report.budget.used.queries).toBe(4);
    expect(report.budget.limits.maxQueries).toBe(400);
  });

  it('abstains below the threshold and names the best lead', () => {
    const input = referenceInput();
    const abstaining = buildReport({ ...input, thresholds: { ...input.thresholds, abstainBelow: 0.75 } });
    expect(abstaining.abstained).toBe(true);
    expect(abstaining.bestLead).toMatchObject({ hypothesisId: 'H1.2.1', service: 'payments-db', confidence: 0.7 });
    expect(abstaining.ranking).toHaveLength(4);
    expect(abstaining.summary).toMatch(/evidence is insufficient/);
    expect(abstaining.summary).toContain('payments-db disk I/O is saturated');
    expect(abstaining.openQuestions.at(-1)).toMatch(/^What would settle "payments-db disk I\/O is saturated"/);
  });

  it('abstains with no lead and only the symptom in the chain when nothing holds', () => {
    const input = referenceInput({
      hypotheses: [
        node('H1', { status: 'refuted', confidence: 0.1, evidenceIds: ['E9'] }),
        node('H2', { status: 'vetoed', confidence: 0.9 }),
      ],
      verdicts: [],
    });
    const empty = buildReport(input);
    expect(empty.abstained).toBe(true);
    expect(empty.bestLead).toBeNull();
    expect(empty.ranking).toEqual([]);
    expect(empty.confidence).toBe(0);
    expect(empty.causalChain).toHaveLength(1);
    expect(empty.causalChain[0]).toMatchObject({ hypothesisId: null, service: 'frontend' });
    expect(empty.summary).toMatch(/insufficient/);
    expect(empty.dataGaps).toContain('H1 cites evidence E9, which is missing from the record');
    expect(empty.rejected.find((r) => r.hypothesisId === 'H2')?.reason).toBe('vetoed');
  });

  it('counts a confirmed node at least at the support threshold', () => {
    const input = referenceInput();
    input.hypotheses = input.hypotheses.map((h) => (h.id === 'H4' ? { ...h, status: 'confirmed' as const } : h));
    const confirmed = buildReport(input);
    expect(confirmed.ranking.map((r) => [r.hypothesisId, r.confidence])).toEqual([
      ['H1.2.1', 0.7],
      ['H4', 0.55],
      ['H1', 0.64],
      ['H1.2', 0.6],
    ]);
  });

  it('deduplicates services case-insensitively and breaks ties towards the deeper node', () => {
    const input = referenceInput({
      hypotheses: [
        node('H1', { status: 'supported', confidence: 0.6, subject: { service: 'Payments-DB' } }),
        node('H2', { status: 'supported', confidence: 0.6 }),
        node('H2.1', { status: 'supported', confidence: 0.9, subject: { service: 'payments-db' } }),
        node('H3', { status: 'supported', confidence: 0.6 }),
        node('H3.1', { status: 'vetoed' }),
        node('H3.1.1', { status: 'supported', confidence: 0.99 }),
        node('H4', { status: 'supported', confidence: 0.6 }),
        node('H4.1', { status: 'supported', confidence: 0.6 }),
      ],
      verdicts: [],
    });
    const ranked = buildReport(input).ranking.map((r) => r.hypothesisId);
    // H3 is a leaf once its only supported descendant sits under a veto.
    expect(ranked).toEqual(['H2.1', 'H4.1', 'H3', 'H2', 'H4']);
  });

  it('keeps a strong finding when the deeper node of the same service is a weak side effect', () => {
    // The CPU sits at its limit (0.97); memory grew a little (0.80): the CPU stays the cause.
    const cpu = { service: 'preserve' };
    const side = buildReport(
      referenceInput({
        hypotheses: [
          node('H1', { status: 'supported', confidence: 0.97, kind: 'cpu-saturation', faultType: 'cpu', subject: cpu }),
          node('H1.1', { status: 'supported', confidence: 0.8, kind: 'memory-exhaustion', faultType: 'memory', subject: cpu }),
        ],
        verdicts: [],
      }),
    );
    expect(side.ranking[0]).toMatchObject({ hypothesisId: 'H1', faultType: 'cpu', confidence: 0.97 });
    // Memory that tripled (0.91) explains the CPU it keeps busy: the deeper node stands for the service.
    const leak = buildReport(
      referenceInput({
        hypotheses: [
          node('H1', { status: 'supported', confidence: 0.97, kind: 'cpu-saturation', faultType: 'cpu', subject: cpu }),
          node('H1.1', { status: 'supported', confidence: 0.91, kind: 'memory-exhaustion', faultType: 'memory', subject: cpu }),
        ],
        verdicts: [],
      }),
    );
    expect(leak.ranking[0]).toMatchObject({ hypothesisId: 'H1.1', faultType: 'memory', confidence: 0.97 });
  });

  it('lets a change event of the same service stand for the anomaly it preceded, however its confidence compares', () => {
    const cart = { service: 'cart' };
    const report = buildReport(
      referenceInput({
        hypotheses: [
          node('H1', { status: 'supported', confidence: 0.97, kind: 'error-surge', faultType: 'exception', subject: cart }),
          node('H1.1', { status: 'supported', confidence: 0.77, kind: 'deploy-change', faultType: 'exception', subject: cart }),
        ],
        verdicts: [],
      }),
    );
    expect(report.ranking[0]).toMatchObject({ hypothesisId: 'H1.1', service: 'cart', confidence: 0.97 });
  });

  it('puts a callee that explains its caller first when their confidences tie', () => {
    const hypotheses = [
      node('H1', { status: 'supported', confidence: 0.9, kind: 'downstream-errors', subject: { service: 'search' } }),
      node('H2', { status: 'supported', confidence: 0.91, kind: 'error-surge', subject: { service: 'site' } }),
      node('H3', { status: 'supported', confidence: 0.8, kind: 'downstream-errors', subject: { service: 'images' } }),
    ];
    // search and images are callees of site.
    const explains = (cause: { subject: { service: string } }, effect: { subject: { service: string } }) => effect.subject.service === 'site' && cause.subject.service !== 'site';
    const ranked = buildReport(referenceInput({ hypotheses, verdicts: [], explains })).ranking.map((r) => r.service);
    // 0.90 ties with 0.91; 0.80 does not.
    expect(ranked).toEqual(['search', 'site', 'images']);
  });

  it('keeps what each tested hypothesis’s confidence was computed from, and null for untested ones', () => {
    const h1 = report.hypotheses.find((h) => h.id === 'H1');
    expect(h1?.factors).toEqual({ anomaly: 0.5, precedence: 0.5, topology: 0.5, coverage: 1, specificity: 0.5 });
    expect(report.hypotheses.find((h) => h.id === 'H5')?.factors).toBeNull();
  });

  it('gives an unknown symptom service when the alert names none', () => {
    const r = buildReport(referenceInput({ alert: { ...referenceInput().alert, symptom: { signal: 'unknown' } } }));
    expect(r.causalChain[0].service).toBe('unknown');
  });
});
