import { linkableQuery, prometheusGraphLink } from '../../../src/telemetry/prometheus/prometheus-graph-link';

const range = { start: '2024-05-14T09:30:00Z', end: '2024-05-14T10:10:00Z' };

describe('prometheusGraphLink', () => {
  it("opens the expression in the Prometheus UI's graph over the query's period, without the URL's credentials", () => {
    const { label, url } = prometheusGraphLink('https://admin:s3cret@prom.example:9090/prometheus/?x=1#top', 'sum(rate(http_requests_total{service="checkout"}[1m]))', range);
    expect(label).toBe('Prometheus graph');
    expect(url).not.toMatch(/admin|s3cret/);
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://prom.example:9090/prometheus/graph');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      'g0.expr': 'sum(rate(http_requests_total{service="checkout"}[1m]))',
      'g0.tab': '0',
      'g0.range_input': '2400s',
      'g0.end_input': '2024-05-14 10:10:00',
    });
  });

  it('opens Grafana Explore on the Prometheus data source when Grafana is configured', () => {
    const { label, url } = prometheusGraphLink('http://prom:9090', 'up', range, { url: 'https://grafana.example/', datasource: 'prom-uid' });
    expect(label).toBe('Grafana Explore');
    const panes = JSON.parse(new URL(url).searchParams.get('panes')!);
    expect(panes.causa.queries[0]).toMatchObject({ expr: 'up', datasource: { type: 'prometheus', uid: 'prom-uid' } });
    expect(panes.causa.range).toEqual({ from: String(Date.parse(range.start)), to: String(Date.parse(range.end)) });
  });

  it('links only one PromQL expression that ran: not a catalog read, several tries, or a query not run', () => {
    expect(linkableQuery('avg by (service) (cpu_usage_percent)')).toBe(true);
    expect(linkableQuery('series auto')).toBe(false);
    expect(linkableQuery('istio_requests_total\ncalls_total')).toBe(false);
    expect(linkableQuery('topology (not run)')).toBe(false);
  });
});
