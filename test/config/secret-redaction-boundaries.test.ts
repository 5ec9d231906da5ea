import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createRedactor, redactSecrets } from '../../src/config/secret-redaction';

function problemsOf(yaml: string, env: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causa-redaction-'));
  try {
    const file = path.join(dir, 'causa.yaml');
    writeFileSync(file, yaml);
    loadConfig({ env, file, cwd: dir });
    return '';
  } catch (error) {
    return (error as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('secrets at the edges of configuration messages', () => {
  it('never quotes the text of a file that does not parse (its secrets are unknown), and lists few syntax errors', () => {
    const message = problemsOf('slack:\n  botToken: plain-bot-secret-1234 ]\n  ] appToken: other-secret-5678\n'.repeat(10));
    expect(message).toContain('YAML syntax error');
    expect(message).not.toMatch(/plain-bot-secret-1234|other-secret-5678/);
    expect(message.split('\n').filter((line) => line.includes('YAML syntax error:')).length).toBeLessThanOrEqual(5);
  });

  it('redacts the password of a URL cut before its "@", but not a port', () => {
    expect(redactSecrets("got 'http://admin:cut-password-99' — fix")).toBe("got 'http://admin:[redacted]' — fix");
    expect(redactSecrets('http://prometheus:9090/api')).toBe('http://prometheus:9090/api');
    const message = problemsOf('telemetry:\n  sources:\n    - type: prometheus\n      url: "http://admin:cut-password-99"\n');
    expect(message).toContain('telemetry.sources[0].url');
    expect(message).not.toContain('cut-password-99');
  });

  it('replaces known secrets as they appear inside JSON strings too', () => {
    const redact = createRedactor(['quote"secret\\value']);
    expect(redact(JSON.stringify({ msg: 'x quote"secret\\value y' }))).toBe(JSON.stringify({ msg: 'x [redacted] y' }));
  });
});

describe('long names that are not secrets', () => {
  it('keeps dotted operation and class names whose parts are words, even with version digits', () => {
    for (const name of ['Recv.app.v2.CheckoutService.Reserve', 'com.example.payments.v3.PaymentGatewayServiceImpl.authorize', 'Sent.shop.v1beta1.RecommendationService.List']) {
      expect(redactSecrets(`span ${name} ended early`)).toBe(`span ${name} ended early`);
    }
  });

  it('still redacts a token whose parts are random, dots or not', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(redactSecrets(`auth ${jwt} refused`)).toBe('auth [redacted] refused');
    expect(redactSecrets('key a.Zx8Kq2LmN4pR7sT1vW3yB5dF6gH9jK0 leaked')).toBe('key [redacted] leaked');
    expect(redactSecrets('key Zx8Kq2LmN4pR7sT1vW3yB5dF6gH9jK0a leaked')).toBe('key [redacted] leaked');
  });
});
