import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = path.join(__dirname, '..', '..', 'manifests', 'kubernetes');
const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
const DEADLINE_SECONDS = 120;

type Doc = Record<string, any>;

/** Every document of every manifest file, parsed strictly (a YAML error fails the test). */
function documents(): Array<{ file: string; doc: Doc }> {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).flatMap((parsed) => {
        if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors.map((error) => error.message).join('; ')}`);
        const doc = parsed.toJS() as Doc | null;
        return doc ? [{ file, doc }] : [];
      }),
    );
}

const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  ServiceAccount: 'v1',
  PodDisruptionBudget: 'policy/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
};

const workloads = () => documents().filter(({ doc }) => doc.kind === 'Deployment' || doc.kind === 'StatefulSet');
const causaWorkloads = () => workloads().filter(({ doc }) => doc.metadata.labels?.['app.kubernetes.io/name'] === 'causa');

describe('manifests/kubernetes', () => {
  it('every document has a known kind, its apiVersion and a name', () => {
    for (const { file, doc } of documents()) {
      expect({ file, kind: doc.kind, apiVersion: doc.apiVersion }).toEqual({ file, kind: doc.kind, apiVersion: API_VERSIONS[doc.kind] });
      expect(typeof doc.metadata?.name).toBe('string');
    }
  });

  it('workloads select their own pods and every container has probes, limits and a locked-down securityContext', () => {
    expect(workloads().length).toBeGreaterThan(0);
    for (const { file, doc } of workloads()) {
      const where = `${file} ${doc.kind}/${doc.metadata.name}`;
      const labels = doc.spec.template.metadata.labels;
      for (const [key, value] of Object.entries(doc.spec.selector.matchLabels)) expect({ where, key, value: labels[key] }).toEqual({ where, key, value });
      const pod = doc.spec.template.spec;
      expect({ where, runAsNonRoot: pod.securityContext?.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of pod.containers) {
        const context = container.securityContext ?? {};
        expect({ where, readOnlyRootFilesystem: context.readOnlyRootFilesystem, allowPrivilegeEscalation: context.allowPrivilegeEscalation, drop: context.capabilities?.drop }).toEqual({
          where, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, drop: ['ALL'],
        });
        expect({ where, liveness: Boolean(container.livenessProbe), readiness: Boolean(container.readinessProbe) }).toEqual({ where, liveness: true, readiness: true });
        expect(container.resources?.requests?.cpu && container.resources?.requests?.memory && container.resources?.limits?.memory).toBeTruthy();
        expect({ where, image: container.image, pull: container.imagePullPolicy }).toEqual({ where, image: expect.stringMatching(/:(?!latest$)[\w.-]+$/), pull: 'IfNotPresent' });
      }
    }
  });

  it("Causa's pods probe /healthz and /readyz, run the pinned package version and outlive the investigation deadline", () => {
    expect(causaWorkloads().length).toBeGreaterThan(0);
    for (const { doc } of causaWorkloads()) {
      const pod = doc.spec.template.spec;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(DEADLINE_SECONDS);
      const [container] = pod.containers;
      expect(container.image).toBe(`causa:${pkg.version}`);
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(['serve', 'worker', 'all']).toContain(container.args[0]);
    }
  });

  it('configures auto-triggering (CAUSA_SLACK_CHANNELS, CAUSA_ALERT_SENDERS), the Redis store and a deadline the grace period covers', () => {
    const config = documents().find(({ doc }) => doc.kind === 'ConfigMap' && doc.metadata.name === 'causa-config')!.doc.data;
    expect(config.CAUSA_SLACK_CHANNELS).toMatch(/^C/);
    expect(config.CAUSA_ALERT_SENDERS).toBeTruthy();
    expect(config.CAUSA_STORE).toBe('redis');
    expect(Number(config.CAUSA_DEADLINE_MS) / 1000).toBeLessThan(Math.min(...causaWorkloads().map(({ doc }) => doc.spec.template.spec.terminationGracePeriodSeconds)));
    for (const { doc } of causaWorkloads()) {
      const sources = doc.spec.template.spec.containers[0].envFrom.map((from: Doc) => from.configMapRef?.name ?? from.secretRef?.name);
      expect(sources).toEqual(expect.arrayContaining(['causa-config', 'causa-secrets']));
    }
    const secret = documents().find(({ doc }) => doc.kind === 'Secret' && doc.metadata.name === 'causa-secrets')!.doc;
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'REDIS_URL']));
  });

  it('a Service and a PodDisruptionBudget select Causa pods; Redis is authenticated and persisted', () => {
    const selects = (selector: Record<string, string>) =>
      causaWorkloads().some(({ doc }) => Object.entries(selector).every(([key, value]) => doc.spec.template.metadata.labels[key] === value));
    const service = documents().find(({ doc }) => doc.kind === 'Service' && doc.metadata.name === 'causa')!.doc;
    expect(selects(service.spec.selector)).toBe(true);
    const budget = documents().find(({ doc }) => doc.kind === 'PodDisruptionBudget')!.doc;
    expect(selects(budget.spec.selector.matchLabels)).toBe(true);
    const redis = documents().find(({ doc }) => doc.kind === 'StatefulSet' && doc.metadata.name === 'causa-redis')!.doc;
    const command = redis.spec.template.spec.containers[0].args.join(' ');
    expect(command).toMatch(/--requirepass/);
    expect(command).toMatch(/--appendonly yes/);
    expect(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBeTruthy();
  });
});
