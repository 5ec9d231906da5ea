import { changeStart, loadScenario, logsWhere, seriesOf } from './bundle-fixture';

describe('deploy-regression scenario', () => {
  const { bundle, answer } = loadScenario('deploy-regression');
  const { baseline } = bundle;
  const deploy = bundle.events.find((e) => e.service === 'cart-service' && e.reason === 'deploy');

  it('alerts on frontend error rate after a deploy of cart-service v2', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('frontend');
    expect(deploy?.message).toContain('cart-service:v2');
    expect(deploy!.t).toBeLessThan(bundle.alertAt);
    const frontendErrors = changeStart(seriesOf(bundle, { service: 'frontend', metric: 'error_rate_percent' }), baseline);
    expect(frontendErrors).toBeGreaterThanOrEqual(deploy!.t);
    expect(frontendErrors).toBeLessThan(bundle.alertAt);
  });

  it('starts a new exception only after the deploy, in cart-service', () => {
    const exceptions = logsWhere(bundle, { text: 'IllegalStateException' });
    expect(exceptions.length).toBeGreaterThan(50);
    expect(exceptions.every((l) => l.service === 'cart-service' && l.t > deploy!.t)).toBe(true);
    // cart-service writes harmless ERROR lines before the deploy too.
    expect(logsWhere(bundle, { service: 'cart-service', levels: ['ERROR'], until: deploy!.t }).length).toBeGreaterThan(0);
  });

  it('raises cart-service latency and errors on the new pods only', () => {
    const newPods = new Set(bundle.metrics.filter((m) => m.service === 'cart-service' && m.t < deploy!.t).map((m) => m.instance));
    const pods = [...new Set(bundle.metrics.filter((m) => m.service === 'cart-service').map((m) => m.instance))];
    const rolledOut = pods.filter((p) => !newPods.has(p));
    expect(rolledOut.length).toBe(2);
    const latency = seriesOf(bundle, { service: 'cart-service', metric: 'latency_p90_seconds' });
    expect(changeStart(latency, baseline)).toBeGreaterThanOrEqual(deploy!.t);
    const errorsOld = seriesOf(bundle, { service: 'cart-service', metric: 'error_rate_percent', instance: [...newPods][0] });
    expect(Math.max(...errorsOld.map((p) => p.v))).toBeLessThan(3);
  });

  it('leaves the earlier pricing-service deploy without effect', () => {
    const pricingDeploy = bundle.events.find((e) => e.service === 'pricing-service' && e.reason === 'deploy');
    expect(pricingDeploy!.t).toBeLessThan(deploy!.t);
    for (const metric of ['latency_p90_seconds', 'error_rate_percent', 'cpu_usage_percent']) {
      expect(changeStart(seriesOf(bundle, { service: 'pricing-service', metric }), { start: bundle.window.start, end: pricingDeploy!.t })).toBeUndefined();
    }
    expect(answer.notTheCause).toContain('pricing-service');
  });

  it('attributes the errors to the cart-service deploy', () => {
    expect(answer.rootCause).toMatchObject({ service: 'cart-service', faultType: 'exception' });
    expect(answer.chain.at(-1)).toEqual({ service: 'cart-service', kind: 'deploy-change' });
  });
});
