import { alertFromRequest as readRequestedAlert } from '../alert-from-request';
import type { Alert } from '../../core/alerts/alert-schema';
import type { SlackSurfaceDeps } from './slack-surface-deps';

/** The alert in text someone asked Causa to investigate (see the shared reading). */
export function alertFromRequest(deps: SlackSurfaceDeps, text: string, postedAt: string): Promise<Alert> {
  return readRequestedAlert(deps, 'slack', text, postedAt);
}
