import type { InvestigationStore } from '../core/ports/investigation-store';

/** Thread-binding surface under which the store keeps fingerprint → investigation. */
export const ALERT_FINGERPRINT_SURFACE = 'alert-fingerprint';

/**
 * Which investigation an alert fingerprint last started, kept in the store (as a thread binding)
 * so a resolution posted later, or seen by another replica, finds the investigation it ends.
 */
export async function rememberFingerprint(store: InvestigationStore, fingerprint: string, investigationId: string): Promise<void> {
  await store.bindThread({ surface: ALERT_FINGERPRINT_SURFACE, channel: 'alerts', threadId: fingerprint }, investigationId);
}

/** The investigation the fingerprint last started, if any. */
export function investigationOfFingerprint(store: InvestigationStore, fingerprint: string): Promise<string | undefined> {
  return store.findByThread({ surface: ALERT_FINGERPRINT_SURFACE, channel: 'alerts', threadId: fingerprint });
}
