import type { HttpRoute } from '../server/http-route';
import type { BotMetrics } from './bot-metrics';

/** `GET /metrics`: the bot's own metrics in the Prometheus exposition format. */
export function metricsRoute(metrics: BotMetrics): HttpRoute {
  return {
    methods: ['GET'],
    path: '/metrics',
    async handler(_request, response) {
      const { contentType, body } = await metrics.exposition();
      response.writeHead(200, { 'content-type': contentType }).end(body);
    },
  };
}
