import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { ReadinessCheck } from '../observability/health-routes';
import { SourceRouter } from '../telemetry/router/source-router';
import type { OpenedInvestigationStore } from './investigation-service-store';

/**
 * What `/readyz` checks: the store (Redis answers PING) and every configured telemetry source
 * (its own health check: reachable, authorized, speaking its API).
 */
export function readinessChecks(store: Pick<OpenedInvestigationStore, 'health'>, source: TelemetrySource): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [{ name: 'store', check: () => store.health() }];
  if (source instanceof SourceRouter) {
    checks.push({
      name: 'telemetry',
      async check() {
        const members = await source.memberHealth();
        const failing = members.filter((member) => !member.ok);
        if (failing.length === 0) return { ok: true, message: `${members.length} source(s) healthy` };
        return { ok: false, message: failing.map((member) => `${member.id} (${member.kind}): ${member.message}`).join('; ') };
      },
    });
  } else {
    checks.push({ name: `telemetry ${source.id}`, check: () => source.health() });
  }
  return checks;
}
