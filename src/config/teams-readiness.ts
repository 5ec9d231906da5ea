import type { CausaConfig } from './config-schema';
import type { TeamsConfig } from './surfaces-config-schema';

/** Whether the Teams surface can start, how it authenticates, and what is missing when it cannot. */
export interface TeamsReadiness {
  /** How outbound tokens are obtained; null when Teams is not (completely) configured. */
  credential: 'secret' | 'certificate' | 'managed-identity' | null;
  /** One message per problem, saying how to fix it. Empty when ready (or when Teams is not configured at all). */
  missing: string[];
}

/**
 * Decides whether the Teams bot can start. A bot needs its app id; SingleTenant and
 * UserAssignedMSI bots their tenant; SingleTenant and MultiTenant bots a client secret or a
 * certificate (not both); a managed identity needs neither. No `teams` section, or one without any
 * credential, means Teams is simply not configured.
 */
export function teamsReadiness(config: Pick<CausaConfig, 'teams'>): TeamsReadiness {
  const teams = config.teams;
  if (!teams || !(teams.appId || teams.appPassword || teams.certificate || teams.tenantId)) return { credential: null, missing: [] };
  const missing: string[] = [];
  if (!teams.appId) missing.push("MICROSOFT_APP_ID is missing: the Azure Bot's Microsoft app id (or the managed identity's client id)");
  if ((teams.appType === 'SingleTenant' || teams.appType === 'UserAssignedMSI') && !teams.tenantId) {
    missing.push(`MICROSOFT_APP_TENANT_ID is missing: a ${teams.appType} bot authenticates in its own Entra tenant (the directory id of the app registration)`);
  }
  if (teams.appType === 'UserAssignedMSI') {
    if (teams.appPassword || teams.certificate) missing.push('a UserAssignedMSI bot has no secret or certificate: unset MICROSOFT_APP_PASSWORD / teams.certificate, or set MICROSOFT_APP_TYPE=SingleTenant');
    return { credential: missing.length === 0 ? 'managed-identity' : null, missing };
  }
  if (teams.appPassword && teams.certificate) missing.push('both MICROSOFT_APP_PASSWORD and teams.certificate are set: keep one of them');
  if (!teams.appPassword && !teams.certificate) {
    missing.push(`MICROSOFT_APP_PASSWORD is missing: a ${teams.appType} bot proves itself with a client secret (or set teams.certificate with the thumbprint and private key file)`);
  }
  if (missing.length > 0) return { credential: null, missing };
  return { credential: teams.certificate ? 'certificate' : 'secret', missing };
}

/** The Teams section when it is ready to start. */
export function readyTeamsConfig(config: Pick<CausaConfig, 'teams'>): TeamsConfig | undefined {
  return teamsReadiness(config).credential ? config.teams : undefined;
}
