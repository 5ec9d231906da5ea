import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KUBERNETES_RESOURCES, RESOURCE_NAMES } from '../../../src/telemetry/kubernetes/kubernetes-resources';

const DIR = path.join(__dirname, '../../../manifests/kubernetes');

interface Manifest {
  kind?: string;
  metadata?: { name?: string };
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string }>;
  spec?: { template?: { spec?: { serviceAccountName?: string; containers?: Array<{ image?: string }> } } };
}

async function manifests(): Promise<Manifest[]> {
  const files = (await fs.readdir(DIR)).filter((f) => /\.ya?ml$/.test(f));
  const texts = await Promise.all(files.map((f) => fs.readFile(path.join(DIR, f), 'utf8')));
  return texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS() as Manifest)).filter(Boolean);
}

describe('manifests/kubernetes RBAC', () => {
  it('grants read-only access to every resource the Kubernetes source lists, and nothing more', async () => {
    const all = await manifests();
    const role = all.find((m) => m.kind === 'ClusterRole' && m.metadata?.name === 'causa-read-only');
    expect(role).toBeDefined();
    for (const resource of RESOURCE_NAMES) {
      const rule = role!.rules!.find((r) => r.resources.includes(resource) && r.apiGroups.includes(KUBERNETES_RESOURCES[resource].group));
      expect({ resource, verbs: rule?.verbs }).toEqual({ resource, verbs: expect.arrayContaining(['list']) });
    }
    const verbs = new Set(role!.rules!.flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
    expect(role!.rules!.flatMap((r) => r.resources)).not.toContain('secrets');
  });

  it('binds the role to the service account the Causa Deployment runs as', async () => {
    const all = await manifests();
    const account = all.find((m) => m.kind === 'ServiceAccount');
    const binding = all.find((m) => m.kind === 'ClusterRoleBinding' && m.roleRef?.name === 'causa-read-only');
    expect(binding?.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: account?.metadata?.name })]);
    const deployments = all.filter((m) => m.kind === 'Deployment' && m.spec?.template?.spec?.containers?.some((c) => c.image?.startsWith('causa')));
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) expect(d.spec?.template?.spec?.serviceAccountName).toBe(account?.metadata?.name);
  });
});
