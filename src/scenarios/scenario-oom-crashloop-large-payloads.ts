import { alertmanagerAlert } from './alert-formats';
import { crashCycles, isDown } from './crash-loop-cycles';
import { emitLogs, fixed, writeLog, type LogTemplate } from './log-lines';
import { addMetricSeries, addServiceMetrics, step } from './metric-series';
import { deploymentPods, statefulPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

const MiB = 1048576;
const LIMIT = 512 * MiB;

/**
 * One image-resizer pod crash-loops. Shallow diagnosis: OOM. Deep one: a tenant's batch of huge
 * scans is routed (sticky by tenant) to that one pod — its request_size_bytes_p99 jumps ~50× —
 * so its memory climbs to the 512 MiB limit after every restart. upload-api logs loud 502s.
 */
export const oomCrashLoopScenario: ScenarioDefinition = {
  id: 'oom-crashloop-large-payloads',
  title: 'CrashLoopBackOff from OOM kills caused by abnormally large payloads',
  description:
    'One image-resizer pod is OOM-killed again and again: its request payloads became ~50x larger (one tenant uploads huge scans), so its memory hits the limit after each restart; upload-api logs 502s.',
  startsAt: '2024-06-03T14:00:00Z',
  timeline: { alertDelaySeconds: 170 },
  topology: {
    services: ['ingress-gateway', 'upload-api', 'image-resizer', 'object-storage', 'metadata-db'],
    calls: [
      { from: 'ingress-gateway', to: 'upload-api' },
      { from: 'upload-api', to: 'image-resizer' },
      { from: 'upload-api', to: 'metadata-db' },
      { from: 'image-resizer', to: 'object-storage' },
    ],
  },
  answer: {
    rootCause: {
      service: 'image-resizer',
      faultType: 'memory',
      indicator: 'request_size_bytes_p99 of one image-resizer pod jumps ~50x; its memory_usage_bytes reaches the 512 MiB limit after every restart (OOMKilled, CrashLoopBackOff)',
    },
    chain: [
      { service: 'image-resizer', kind: 'crash-loop' },
      { service: 'image-resizer', kind: 'memory-exhaustion' },
      { service: 'image-resizer', kind: 'large-payloads' },
    ],
    notTheCause: ['upload-api'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const names = random.fork('pods');
    const gateways = deploymentPods(names, 'ingress-gateway', 2);
    const uploads = deploymentPods(names, 'upload-api', 2);
    const resizers = deploymentPods(names, 'image-resizer', 3);
    const storage = statefulPods('object-storage', 2);
    const bad = resizers[1];
    const cycles = crashCycles(fault, timeline.end, 45);
    const gaps = cycles.map((c) => ({ from: c.killedAt, until: c.restartAt, instance: bad }));
    const inCycle = (t: number) => cycles.find((c) => t >= c.runFrom && t < c.restartAt);

    addServiceMetrics(ctx, { service: 'ingress-gateway', instances: gateways, cpuPercent: 15, memoryMiB: 256, requestsPerSecond: 40, latencyP90Seconds: 0.45, errorRatePercent: 0.2 });
    addServiceMetrics(ctx, {
      service: 'upload-api', instances: uploads, cpuPercent: 30, memoryMiB: 700, requestsPerSecond: 20, latencyP90Seconds: 0.4, errorRatePercent: 0.3,
      effects: { error_rate_percent: [step(fault + 40, { delta: 4 })] },
    });
    addServiceMetrics(ctx, {
      service: 'image-resizer', instances: resizers, cpuPercent: 45, memoryMiB: 180, memoryLimitMiB: 512, requestsPerSecond: 12, latencyP90Seconds: 0.35, errorRatePercent: 0.2, gaps,
      effects: {
        memory_usage_bytes: [{
          kind: 'custom', instance: bad,
          // Memory climbs from its start level (~90 MiB after a restart) to the limit within 70 % of
          // each run, then sits at the limit until the kernel kills the container.
          apply: (t, level) => {
            const cycle = inCycle(t);
            if (cycle === undefined) return level;
            const from = cycle === cycles[0] ? level : 90 * MiB;
            return from + (LIMIT - from) * Math.min(1, (t - cycle.runFrom) / (0.7 * (cycle.killedAt - cycle.runFrom)));
          },
        }],
        latency_p90_seconds: [step(fault, { delta: 1.6 }, { instance: bad })],
        error_rate_percent: [step(fault + 30, { delta: 10 }, { instance: bad })],
      },
    });
    addMetricSeries(ctx, { service: 'image-resizer', instances: resizers, metric: 'memory_limit_bytes', base: LIMIT, noise: 0, spread: 0, gaps });
    addMetricSeries(ctx, {
      service: 'image-resizer', instances: resizers, metric: 'request_size_bytes_p99', base: 360_000, noise: 0.1, integer: true, gaps,
      effects: [step(fault, { factor: 50 }, { instance: bad })],
    });
    addMetricSeries(ctx, {
      service: 'image-resizer', instances: resizers, metric: 'container_restarts_total', base: 0, noise: 0, integer: true, gaps,
      effects: [{ kind: 'custom', instance: bad, apply: (t, level) => level + cycles.filter((c) => c.restartAt <= t).length }],
    });
    addServiceMetrics(ctx, { service: 'object-storage', instances: storage, cpuPercent: 20, memoryMiB: 1024, requestsPerSecond: 25, latencyP90Seconds: 0.03, errorRatePercent: 0.05 });
    addServiceMetrics(ctx, { service: 'metadata-db', instances: ['metadata-db-0'], cpuPercent: 18, memoryMiB: 1536, latencyP90Seconds: 0.004 });

    for (const c of cycles) {
      writer.addEvent({ ts: c.killedAt, service: 'image-resizer', instance: bad, reason: 'oom-killed', message: `Container image-resizer in pod ${bad} was OOMKilled (exit code 137); memory limit 512Mi` });
      if (c.killedAt + 1 <= timeline.end) {
        writer.addEvent({ ts: c.killedAt + 1, service: 'image-resizer', instance: bad, reason: 'back-off', message: `Back-off restarting failed container image-resizer in pod ${bad} (back-off ${c.backOffSeconds}s)` });
      }
      if (c.restartAt <= timeline.end) {
        const count = cycles.indexOf(c) + 1;
        writer.addEvent({ ts: c.restartAt, service: 'image-resizer', instance: bad, reason: 'restart', message: `Started container image-resizer in pod ${bad} (restart count ${count})` });
      }
    }
    writer.addEvent({ ts: timeline.start + 420, service: 'ingress-gateway', reason: 'config-change', message: 'ConfigMap media/ingress-rate-limits changed: burst 200 -> 250' });

    const resizerLogs: LogTemplate[] = [
      { level: 'INFO', logger: 'c.m.r.ResizeController', weight: 8, message: (r) => `Resized image img-${r.hex(8)} ${r.int(800, 4000)}x${r.int(600, 3000)} (${r.int(120, 900)} KB) in ${r.int(80, 400)} ms` },
      fixed('WARN', 'c.m.r.ExifReader', 'Unsupported EXIF orientation tag; defaulting to 1'),
    ];
    const healthy = resizers.filter((p) => p !== bad);
    emitLogs(ctx, { label: 'background', service: 'image-resizer', instances: healthy, format: 'logback', everySeconds: 16, templates: resizerLogs });
    emitLogs(ctx, { label: 'background', service: 'image-resizer', instances: [bad], format: 'logback', everySeconds: 16, templates: resizerLogs, until: fault });
    cycles.forEach((c, k) => {
      const from = k === 0 ? c.runFrom : c.runFrom + 0.5;
      if (k > 0) {
        const template = fixed('INFO', 'c.m.r.ImageResizerApplication', 'Started ImageResizerApplication v3.8.1 in 4.2 seconds (JVM running for 4.9)');
        writeLog(ctx, { t: c.runFrom + 0.2, service: 'image-resizer', instance: bad, format: 'logback', template, random: random.fork(`startup-${k}`) });
      }
      emitLogs(ctx, {
        label: `large-${k}`, service: 'image-resizer', instances: [bad], format: 'logback', everySeconds: 5, from, until: c.killedAt,
        templates: [
          { level: 'INFO', logger: 'c.m.r.ResizeController', weight: 2, message: (r) => `Resized image img-${r.hex(8)} 14000x${r.int(9000, 11000)} (${r.int(16, 22)} MB) in ${r.int(2400, 5200)} ms` },
          { level: 'WARN', logger: 'c.m.r.BitmapDecoder', message: (r) => `Decoded bitmap for img-${r.hex(8)} needs ${r.int(280, 420)} MB (tenant=acme-print, upload batch scan-${r.int(100, 999)})` },
        ],
      });
    });
    emitLogs(ctx, {
      label: 'background', service: 'upload-api', instances: uploads, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.m.u.UploadController', weight: 6, message: (r) => `Accepted upload up-${r.hex(10)} (${r.int(100, 900)} KB) tenant=${r.pick(['acme-print', 'globex', 'initech', 'umbrella'])}` },
        fixed('WARN', 'c.m.u.UploadController', 'Client sent invalid content-type application/octet-stream; sniffing image type'),
        fixed('ERROR', 'c.m.u.VirusScanClient', 'Virus scan queue full; upload accepted for deferred scan', 0.4),
      ],
    });
    for (const c of cycles) {
      emitLogs(ctx, {
        label: `bad-gateway-${c.killedAt}`, service: 'upload-api', instances: uploads, format: 'logback', everySeconds: 1.2, from: c.killedAt, until: c.killedAt + 10,
        templates: [{ level: 'ERROR', logger: 'c.m.u.ResizerClient', message: (r) => `POST /v1/uploads failed: upstream image-resizer returned 502 Bad Gateway (connection reset) for up-${r.hex(10)}` }],
      });
    }
    emitLogs(ctx, {
      label: 'background', service: 'ingress-gateway', instances: gateways, format: 'plain', everySeconds: 30,
      templates: [fixed('INFO', 'nginx.reload', 'configuration reload check: no changes'), fixed('WARN', 'nginx.upstream', 'client intended to send too large body; 413 returned', 0.5)],
    });

    generateTraces(ctx, {
      label: 'upload', everySeconds: 25,
      root: {
        service: 'ingress-gateway', operation: 'POST /upload', instances: gateways, selfMs: 4,
        children: [{
          service: 'upload-api', operation: 'POST /v1/uploads', instances: uploads, selfMs: 30,
          children: [
            { service: 'metadata-db', operation: 'INSERT uploads', clientOperation: 'INSERT media.uploads', instances: ['metadata-db-0'], selfMs: 2 },
            {
              service: 'image-resizer', operation: 'POST /resize', clientOperation: 'HTTP POST', instances: resizers, selfMs: 140,
              fault: ({ t, instance, random: r }) => {
                if (instance !== bad || t < fault) return undefined;
                return isDown(cycles, t) ? { unreachable: true } : { extraSelfMs: r.between(2400, 5200) };
              },
              children: [{ service: 'object-storage', operation: 'PUT /thumbnails/{key}', clientOperation: 'HTTP PUT', instances: storage, selfMs: 12 }],
            },
          ],
        }],
      },
    });

    const restarts = writer.observe({ service: 'image-resizer', metric: 'container_restarts_total', instance: bad, at: timeline.alertAt, windowSeconds: 90, combine: 'max' });
    const alert = alertmanagerAlert({
      labels: { alertname: 'KubePodCrashLooping', namespace: 'media', service: 'image-resizer', pod: bad, container: 'image-resizer', severity: 'warning' },
      summary: 'Pod is crash looping',
      description: `Pod media/${bad} (image-resizer) is in waiting state (reason: "CrashLoopBackOff"); it restarted ${Math.round(restarts)} times in the last 5 minutes.`,
      firedAt: timeline.alertAt,
      expr: `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", namespace="media"}[5m]) >= 1`,
      runbook: 'kubernetes/kubepodcrashlooping',
    });
    return { alert };
  },
};
