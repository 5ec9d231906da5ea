import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { TeamsSteerersConfig } from '../../config';

const MEMBER_CACHE_MS = 5 * 60_000;

/** A person acting in Teams, as the activity names them (names are display data only). */
export interface TeamsPerson {
  /** The Teams user id (`29:…`), for membership look-ups. */
  id: string;
  /** The Entra object id, when Teams sends it: what allowlists and the audit log use. */
  aadObjectId?: string;
  name?: string;
}

/**
 * Decides who may steer a Teams investigation: anyone, or the Entra object ids listed and the
 * members of the listed teams (asked of the Bot Connector, cached for five minutes; a team that
 * cannot be read counts as not containing the person).
 */
export class TeamsSteererPolicy {
  private readonly members = new Map<string, { member: boolean; expiresAt: number }>();

  constructor(
    private readonly config: TeamsSteerersConfig,
    private readonly clock: () => number = Date.now,
  ) {}

  async maySteer(person: TeamsPerson, context: TurnContext): Promise<boolean> {
    if (this.config.mode === 'anyone') return true;
    if (person.aadObjectId && this.config.users.includes(person.aadObjectId)) return true;
    if (this.config.users.includes(person.id)) return true;
    for (const team of this.config.teams) if (await this.isMember(team, person, context)) return true;
    return false;
  }

  /** What someone who may not steer is told. */
  explanation(): string {
    const teams = this.config.teams.length > 0 ? ' or a member of the teams configured in teams.steerers.teams' : '';
    return `Only allowed steerers can steer Causa's investigations, so this changed nothing. Ask someone listed in teams.steerers.users${teams}, or an admin to add you.`;
  }

  private async isMember(team: string, person: TeamsPerson, context: TurnContext): Promise<boolean> {
    const key = `${team}|${person.id}`;
    const now = this.clock();
    const cached = this.members.get(key);
    if (cached && cached.expiresAt > now) return cached.member;
    let member = false;
    try {
      const found = await TeamsInfo.getTeamMember(context, team, person.id);
      member = Boolean(found?.id);
    } catch {
      member = false;
    }
    this.members.set(key, { member, expiresAt: now + MEMBER_CACHE_MS });
    return member;
  }
}
