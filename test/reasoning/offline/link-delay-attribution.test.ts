import { attributeLinkDelays, callerSideLinks } from '../../../src/reasoning/offline/link-delay-attribution';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';

const gap = (caller: string, callee: string, score = 9): ServiceFinding => ({
  service: callee, peer: caller, family: 'call-gap', score, strength: 0.99, direction: 'up', signal: `${caller} → ${callee}`, detail: `calls ${caller} → ${callee} wait`, evidenceIds: [],
});

describe('attributeLinkDelays', () => {
  it('keeps a delay on the callee when several callers wait on it', () => {
    const findings = [gap('storefront', 'pricing'), gap('checkout', 'pricing')];
    expect(attributeLinkDelays(findings)).toEqual(findings);
  });

  it('puts the delay on a caller whose calls to several callees all wait, while nothing else calling them does', () => {
    const out = attributeLinkDelays([gap('gateway', 'basic'), gap('basic', 'station'), gap('basic', 'train'), gap('basic', 'price')]);
    const onBasic = out.filter((f) => f.service === 'basic' && f.strength > 0.9);
    expect(onBasic.map((f) => f.peer).sort()).toEqual(['gateway', 'price', 'station', 'train']);
    for (const callee of ['station', 'train', 'price']) {
      const left = out.find((f) => f.service === callee);
      expect(left?.strength).toBeLessThan(0.5);
      expect(left?.detail).toMatch(/delay is on basic's side, not .*'s/);
    }
  });

  it('leaves the callee of a caller-side delay at most an even chance, however large the gap', () => {
    const out = attributeLinkDelays([gap('storefront', 'loyalty', 60), gap('loyalty', 'catalog', 60), gap('loyalty', 'orders', 60)]);
    for (const callee of ['catalog', 'orders']) expect(out.find((f) => f.service === callee)?.strength).toBeLessThanOrEqual(0.5);
    expect(out.filter((f) => f.service === 'loyalty').map((f) => f.strength)).toEqual([0.99, 0.99, 0.99]);
  });

  it('leaves a callee that another delayed link also reaches', () => {
    const findings = [gap('a', 'x'), gap('a', 'y'), gap('b', 'y')];
    const out = attributeLinkDelays(findings);
    expect(out).toEqual(findings);
  });

  it('decides for one service\'s links with what every service\'s links showed', () => {
    const all = [gap('web', 'shipping'), gap('shipping', 'reviews'), gap('shipping', 'currency')];
    const callers = callerSideLinks(all);
    expect(callers).toEqual(new Map([['shipping', ['currency', 'reviews']]]));
    // A hypothesis about reviews sees only the links into reviews, yet the delay stays on shipping's side.
    const intoReviews = attributeLinkDelays([gap('shipping', 'reviews')], callers);
    expect(intoReviews.find((f) => f.service === 'reviews')?.strength).toBeLessThan(0.5);
    expect(intoReviews.find((f) => f.service === 'shipping')?.strength).toBeGreaterThan(0.9);
    // Alone, the one link would have stayed on reviews.
    expect(attributeLinkDelays([gap('shipping', 'reviews')])).toEqual([gap('shipping', 'reviews')]);
  });

  it('puts the delay on a pod whose calls in and out both wait, when its one callee has no other delayed link', () => {
    // edge → email and email → session wait; fraud → session does not.
    const out = attributeLinkDelays([gap('edge', 'email'), gap('email', 'session')]);
    expect(out.filter((f) => f.strength > 0.9).map((f) => f.service)).toEqual(['email', 'email']);
    expect(out.find((f) => f.service === 'session')?.detail).toMatch(/email takes part in several delayed links while session takes part in no other/);
    // Two callers waiting on one callee: the callee's.
    expect(callerSideLinks([gap('edge', 'email'), gap('fraud', 'email')])).toEqual(new Map());
  });
});
