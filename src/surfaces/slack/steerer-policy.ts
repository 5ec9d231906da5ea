import type { webApi } from '@slack/bolt';
import type { SteerersConfig } from '../../config';
import { slackUserGroupMention, slackUserMention } from './slack-safe-text';

const GROUP_CACHE_MS = 5 * 60_000;

/**
 * Decides who may steer an investigation (👍/👎, buttons, thread replies): anyone, or the users
 * and user-group members of an allowlist. Group members are read with `usergroups.users.list`
 * and cached for five minutes.
 */
export class SteererPolicy {
  private readonly groups = new Map<string, { users: Set<string>; expiresAt: number }>();
  private readonly clock: () => number;

  constructor(
    private readonly config: SteerersConfig,
    private readonly client: webApi.WebClient,
    clock?: () => number,
  ) {
    this.clock = clock ?? Date.now;
  }

  /** True when `userId` may steer. A group that cannot be read counts as not containing the user. */
  async maySteer(userId: string): Promise<boolean> {
    if (this.config.mode === 'anyone') return true;
    if (this.config.users.includes(userId)) return true;
    for (const group of this.config.userGroups) {
      if ((await this.members(group)).has(userId)) return true;
    }
    return false;
  }

  /** What an unauthorized user is told (ephemerally). */
  explanation(): string {
    const who = [
      ...this.config.users.map(slackUserMention),
      ...this.config.userGroups.map(slackUserGroupMention),
    ];
    return (
      "Your vote was not counted: only allowed steerers can steer Causa's investigations" +
      (who.length > 0 ? ` (${who.join(', ')}).` : '.') +
      ' Ask one of them, or an admin to add you to slack.steerers.'
    );
  }

  private async members(group: string): Promise<Set<string>> {
    const now = this.clock();
    const cached = this.groups.get(group);
    if (cached && cached.expiresAt > now) return cached.users;
    try {
      const result = await this.client.usergroups.users.list({ usergroup: group });
      const users = new Set(result.users ?? []);
      this.groups.set(group, { users, expiresAt: now + GROUP_CACHE_MS });
      return users;
    } catch {
      return cached?.users ?? new Set();
    }
  }
}
