import { ConfigSchema } from '../../src/config/config-schema';
import { describeConfig } from '../../src/config/describe-config';

describe('describeConfig', () => {
  it('redacts tokens, secrets, credential headers and URL passwords but keeps the rest', () => {
    const config = ConfigSchema.parse({
      telemetry: {
        sources: [
          {
            type: 'prometheus',
            url: 'https://metrics.example.com',
            headers: { Authorization: 'Bearer abc.def.ghi', 'X-Scope-OrgID': 'tenant-1' },
          },
        ],
      },
      store: { type: 'redis', url: 'redis://default:s3cretpass@redis:6379/0' },
      reasoner: { type: 'llm', apiKeyEnv: 'MY_OPENAI_KEY' },
      slack: { botToken: 'xoxb-123-456', appToken: 'xapp-1-2', signingSecret: 'shh-signing' },
      teams: { appId: 'app-1', appPassword: 'teams-password' },
    });
    const described = describeConfig(config);
    const text = JSON.stringify(described);

    for (const secret of ['abc.def.ghi', 's3cretpass', 'xoxb-123-456', 'xapp-1-2', 'shh-signing', 'teams-password']) {
      expect(text).not.toContain(secret);
    }
    expect(described).toMatchObject({
      telemetry: { sources: [{ url: 'https://metrics.example.com', headers: { 'X-Scope-OrgID': 'tenant-1' } }] },
      reasoner: { apiKeyEnv: 'MY_OPENAI_KEY', model: 'gpt-4o-mini' },
      slack: { botToken: '[redacted]' },
      teams: { appId: 'app-1', appPassword: '[redacted]' },
    });
    expect((described.store as { url: string }).url).toBe('redis://default:[redacted]@redis:6379/0');
    // The input is left untouched.
    expect(config.slack?.botToken).toBe('xoxb-123-456');
  });
});
