import type { InvestigationService } from '../../app/investigation-service';
import type { TeamsConfig } from '../../config';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import type { AlertReader, ThreadAssistant } from '../../core/ports/thread-assistant';
import type { BotMetrics } from '../../observability/bot-metrics';
import type { Logger } from '../../observability/logger';
import type { TeamsConversationStore } from './conversation-store';
import type { TeamsSteererPolicy } from './teams-steerer-policy';
import type { TeamsThreadRenderer } from './teams-thread-renderer';

/** What every Teams handler works with; built once by `createTeamsSurface`. */
export interface TeamsSurfaceDeps {
  service: InvestigationService;
  store: InvestigationStore;
  config: TeamsConfig;
  policy: TeamsSteererPolicy;
  conversations: TeamsConversationStore;
  renderer: TeamsThreadRenderer;
  logger: Logger;
  clock: () => number;
  metrics?: BotMetrics;
  /** Answers questions and reads steering in words in investigation threads (the LLM reasoner's). */
  assistant?: ThreadAssistant;
  /** Reads alerts in formats no recognizer knows, when someone asks to investigate them. */
  alertReader?: AlertReader;
}

/** What `help` and an unrecognized mention answer (Markdown, trusted). */
export const TEAMS_USAGE = [
  '**Causa** investigates alerts: it forms root-cause hypotheses, tests them against telemetry and posts an RCA.',
  '',
  '- `@Causa investigate <alert text>`: investigate an alert pasted after the command',
  '- `@Causa investigate` in the replies of an alert post: investigate that alert',
  '- In an investigation thread: **Confirm** / **Veto** on a hypothesis card (or 👍 it); `veto H2`, `confirm H1.1` and `stop` work too; any other reply is a note for the investigation, or, with a language model, a question Causa answers in the thread.',
  '- In a chat with Causa: paste an alert, or `investigate <alert text>`.',
].join('\n');
