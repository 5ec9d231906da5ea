import { describeConfig } from '../../src/config/describe-config';
import { loadConfig } from '../../src/config/load-config';
import { teamsReadiness } from '../../src/config/teams-readiness';

const APP = '00000000-0000-4000-8000-00000000ca05';
const load = (env: Record<string, string>) => loadConfig({ env, cwd: __dirname });

describe('Teams configuration', () => {
  it('is simply absent without MICROSOFT_APP_* (Slack alone is fine)', () => {
    expect(teamsReadiness(load({}))).toEqual({ credential: null, missing: [] });
  });

  it('reads the app id, secret, tenant and type from the environment; SingleTenant by default', () => {
    const config = load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_PASSWORD: 'client-secret-1', MICROSOFT_APP_TENANT_ID: 'tenant-1', CAUSA_TEAMS_STEERERS: 'aad-1, aad-2' });
    expect(config.teams).toMatchObject({ appId: APP, appType: 'SingleTenant', tenantId: 'tenant-1', steerers: { mode: 'allowlist', users: ['aad-1', 'aad-2'] } });
    expect(teamsReadiness(config)).toEqual({ credential: 'secret', missing: [] });
  });

  it('says what a SingleTenant bot without a tenant, or a bot without a secret, is missing', () => {
    expect(teamsReadiness(load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_PASSWORD: 's3cret-value' })).missing).toEqual([expect.stringMatching(/^MICROSOFT_APP_TENANT_ID is missing/)]);
    expect(teamsReadiness(load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TYPE: 'MultiTenant' })).missing).toEqual([expect.stringMatching(/^MICROSOFT_APP_PASSWORD is missing/)]);
    expect(teamsReadiness(load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TYPE: 'MultiTenant', MICROSOFT_APP_PASSWORD: 's3cret-value' }))).toEqual({ credential: 'secret', missing: [] });
  });

  it('needs no secret for a user-assigned managed identity, and refuses one', () => {
    expect(teamsReadiness(load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' }))).toEqual({ credential: 'managed-identity', missing: [] });
    expect(teamsReadiness(load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't', MICROSOFT_APP_PASSWORD: 'x-secret' })).missing[0]).toMatch(/has no secret/);
  });

  it('rejects an unknown app type naming the valid ones', () => {
    expect(() => load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TYPE: 'Tenantless' })).toThrow(/teams\.appType[\s\S]*SingleTenant/);
  });

  it('never shows the client secret in the described configuration', () => {
    const described = JSON.stringify(describeConfig(load({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_PASSWORD: 'Vx8Q~client-secret-value', MICROSOFT_APP_TENANT_ID: 't' })));
    expect(described).not.toContain('Vx8Q~client-secret-value');
    expect(described).toContain(APP);
  });
});
