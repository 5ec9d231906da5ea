import type { CausaConfig } from './config-schema';
import { redactValue } from './secret-redaction';

/**
 * The configuration as a plain object safe to log: tokens, secrets, passwords, credential
 * headers and URL passwords are replaced by "[redacted]"; everything else is kept so an operator
 * can see what Causa will do.
 */
export function describeConfig(config: CausaConfig): Record<string, unknown> {
  return redactValue(config) as Record<string, unknown>;
}
