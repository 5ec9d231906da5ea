import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeKubernetesServer, kubeconfigFor } from './fake-kubernetes-server';
import { kubernetesSourceFor } from './kubernetes-harness';
import { PERIOD, recordedCluster } from './recorded-cluster';

/** A throw-away self-signed certificate for 127.0.0.1, made with the openssl command. */
async function selfSigned(dir: string): Promise<{ key: string; cert: string } | undefined> {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=kube-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { key: await fs.readFile(path.join(dir, 'key.pem'), 'utf8'), cert: await fs.readFile(path.join(dir, 'cert.pem'), 'utf8') };
}

/** The API server over HTTPS, as every real cluster (and the in-cluster service account) serves it. */
describe('KubernetesSource over HTTPS', () => {
  let dir: string;
  let tls: { key: string; cert: string } | undefined;
  let server: FakeKubernetesServer;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-kubernetes-tls-'));
    tls = await selfSigned(dir);
    if (!tls) console.warn('skipping the HTTPS tests of the Kubernetes source: openssl is not on the PATH');
    else server = await new FakeKubernetesServer(recordedCluster()).start({ tls });
  });
  afterAll(async () => {
    await server?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('trusts the cluster CA from the kubeconfig, and says when the certificate is not trusted', async () => {
    if (!tls) return;
    const trusted = await kubernetesSourceFor(server.url, { namespace: 'shop', kubeconfigText: kubeconfigFor(server.url, { caData: tls.cert }) });
    const untrusted = await kubernetesSourceFor(server.url, { namespace: 'shop', kubeconfigText: kubeconfigFor(server.url).replace('insecure-skip-tls-verify: true', 'tls-server-name: 127.0.0.1') });
    try {
      const outcome = await trusted.source.run({ name: 'event_search', params: { range: PERIOD, limit: 10, text: 'OOMKilled' } });
      expect(outcome.evidence).toMatchObject({ status: 'ok' });
      expect(server.url).toMatch(/^https:/);
      const refused = await untrusted.source.run({ name: 'event_search', params: { range: PERIOD, limit: 10 } });
      expect(refused.evidence.summary).toMatch(/presented a TLS certificate Causa does not trust \(\w+\): set certificate-authority or certificate-authority-data/);
    } finally {
      await trusted.remove();
      await untrusted.remove();
    }
  });
});
