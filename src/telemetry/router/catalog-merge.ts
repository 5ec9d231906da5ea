import type { SourceCatalog } from '../../core/ports/telemetry-source';
import type { ServiceNameMapping } from './service-name-mapping';

/** A source's catalog with its service names mapped to the investigation's. */
export function catalogOf(catalog: SourceCatalog, services: ServiceNameMapping | undefined): SourceCatalog {
  if (!services || services.isIdentity) return catalog;
  const metrics: Record<string, string[]> = {};
  for (const [service, names] of Object.entries(catalog.metrics)) {
    const name = services.canonical(service);
    metrics[name] = [...new Set([...(metrics[name] ?? []), ...names])].sort();
  }
  return { ...catalog, services: [...new Set(catalog.services.map((s) => services.canonical(s)))].sort(), metrics };
}

/**
 * One catalog from several: services and metrics are unions, a signal is present when any source
 * has it, the first bounded window and known baseline win (a recorded bundle has them, live
 * sources do not), sources whose catalog could not be read are listed in `unavailable`, and what
 * the sources noticed about their data (`dataGaps`) is kept.
 */
export function mergeCatalogs(catalogs: SourceCatalog[], unavailable: NonNullable<SourceCatalog['unavailable']>): SourceCatalog {
  const metrics: Record<string, string[]> = {};
  for (const catalog of catalogs) for (const [service, names] of Object.entries(catalog.metrics)) metrics[service] = [...new Set([...(metrics[service] ?? []), ...names])].sort();
  const window = catalogs.find((c) => c.window)?.window;
  const baseline = catalogs.find((c) => c.baseline)?.baseline;
  const inherited = catalogs.flatMap((c) => c.unavailable ?? []);
  const dataGaps = catalogs.flatMap((c) => c.dataGaps ?? []);
  return {
    services: [...new Set(catalogs.flatMap((c) => c.services))].sort(),
    metrics,
    ...(window ? { window } : {}),
    ...(baseline ? { baseline } : {}),
    hasLogs: catalogs.some((c) => c.hasLogs),
    hasSpans: catalogs.some((c) => c.hasSpans),
    hasEvents: catalogs.some((c) => c.hasEvents),
    hasTopology: catalogs.some((c) => c.hasTopology),
    ...(unavailable.length + inherited.length > 0 ? { unavailable: [...inherited, ...unavailable] } : {}),
    ...(dataGaps.length > 0 ? { dataGaps } : {}),
  };
}
