import { Redactor } from '../../../src/reasoning/llm/redactor';

const secrets: Array<[string, string]> = [
  ['a connection string', 'connect postgres://app:s3cr3tP4ss@db.internal:5432/orders failed'],
  ['an ADO connection string', 'Server=tcp:x.database.windows.net,1433;User ID=u;Password=Pa55w0rd!;Encrypt=True;'],
  ['a JWT', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl'],
  ['an AWS key id', 'using AKIAIOSFODNN7EXAMPLE for s3'],
  ['an OpenAI key', 'OPENAI key sk-proj-abcdefghijklmnop1234 rejected'],
  ['a Slack token', 'posting with xoxb-1234567890-abcdefghij'],
  ['a password assignment', 'login failed: password: hunter2hunter2, retrying'],
  ['a token assignment', 'refresh token=ZmFrZVRva2VuVmFsdWUxMjM0NTY3ODkw expired'],
  ['an api key assignment', 'header x-api-key: 9f8e7d6c5b4a39281706 sent'],
  ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAvery\n-----END RSA PRIVATE KEY-----'],
  ['an opaque random secret', 'signing with Qm9vZ1R3aXN0ZWRLZXlWYWx1ZTEyMzQ1Njc4OTBhYg'],
];

describe('Redactor', () => {
  it.each(secrets)('replaces %s', (_what, text) => {
    const redactor = new Redactor({ ipAddresses: false, hostnames: false });
    const out = redactor.redact(text);
    expect(out).not.toEqual(text);
    expect(out).toMatch(/\[(PRIVATE_KEY|CONNECTION_STRING|JWT|PASSWORD|API_KEY|TOKEN)_\d+\]/);
    for (const secret of ['s3cr3tP4ss', 'Pa55w0rd', 'c2lnbmF0dXJl', 'AKIAIOSFODNN7EXAMPLE', 'abcdefghijklmnop1234', 'abcdefghij', 'hunter2hunter2', 'ZmFrZVRva2Vu', '9f8e7d6c5b4a39281706', 'MIIEpAIBAAKCAQEAvery', 'Qm9vZ1R3aXN0']) {
      expect(out).not.toContain(secret);
    }
  });

  it('gives the same value the same placeholder and restores only what is safe to show', () => {
    const redactor = new Redactor({ ipAddresses: true, hostnames: true });
    const first = redactor.redact('alice@example.com from 10.1.2.3 with password=hunter2hunter2');
    const second = redactor.redact('again alice@example.com, bob@example.org via cache.internal');
    expect(first).toBe('[EMAIL_1] from [IP_1] with password=[PASSWORD_1]');
    expect(second).toBe('again [EMAIL_1], [EMAIL_2] via [HOST_1]');
    expect(redactor.restore('[EMAIL_1] at [IP_1] on [HOST_1] used [PASSWORD_1]')).toBe('alice@example.com at 10.1.2.3 on cache.internal used [PASSWORD_1]');
  });

  it('leaves IPs and hostnames unless asked, and never touches known service names, trace ids or code', () => {
    const plain = new Redactor({ ipAddresses: false, hostnames: false });
    expect(plain.redact('call to 10.0.0.7 via api.example.com')).toBe('call to 10.0.0.7 via api.example.com');
    const strict = new Redactor({ ipAddresses: true, hostnames: true, keep: ['orders.default.svc'] });
    const text = 'orders.default.svc trace 4bf92f3577b34da6a3ce929d0e0e4736 at com.example.OrderService.place(OrderService.java:42)';
    expect(strict.redact(text)).toBe(text);
  });

  it('redacts every string of a structured value', () => {
    const redactor = new Redactor({ ipAddresses: false, hostnames: false });
    expect(redactor.redactValue({ lines: ['mail carol@example.net'], n: 3 })).toEqual({ lines: ['mail [EMAIL_1]'], n: 3 });
  });
});
