import { ConfigError } from '../../src/core/errors';
import { createLogger } from '../../src/observability/logger';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('createLogger', () => {
  it('writes JSON lines with structured fields', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', destination }).child({ investigationId: 'inv-1' }).info({ sourceId: 'prom' }, 'query finished');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, msg: 'query finished', investigationId: 'inv-1', sourceId: 'prom' });
  });

  it('redacts tokens, secrets and authorization headers', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'debug', destination });
    logger.info(
      {
        token: 'xoxb-top-level',
        slack: { botToken: 'xoxb-nested', appToken: 'xapp-nested', signingSecret: 'sign-me' },
        request: { headers: { authorization: 'Bearer abc' }, token: 'nested-token' },
        headers: { authorization: 'Basic xyz', accept: 'application/json' },
        llm: { apiKey: 'sk-secret' },
        redis: { password: 'pw-123' },
        user: 'U123',
      },
      'connecting',
    );
    const text = lines.join('');
    for (const secret of ['xoxb-top-level', 'xoxb-nested', 'xapp-nested', 'sign-me', 'Bearer abc', 'nested-token', 'Basic xyz', 'sk-secret', 'pw-123']) {
      expect(text).not.toContain(secret);
    }
    const entry = JSON.parse(lines[0]);
    expect(entry.token).toBe('[redacted]');
    expect(entry.slack.botToken).toBe('[redacted]');
    expect(entry.headers).toEqual({ authorization: '[redacted]', accept: 'application/json' });
    expect(entry.user).toBe('U123');
  });

  it('drops lines below the level and honours silent', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination });
    logger.info('hidden');
    logger.warn('shown');
    createLogger({ level: 'silent', destination }).fatal('never');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });

  it('prints one compact line per entry when pretty, still redacted', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', pretty: true, destination }).warn({ sourceId: 'loki', token: 'xoxb-x' }, 'slow query');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  slow query .*sourceId=loki token=\[redacted\]\n$/);
  });

  it('rejects an unknown level with a fix', () => {
    expect(() => createLogger({ level: 'verbose' })).toThrow(ConfigError);
    expect(() => createLogger({ level: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});
