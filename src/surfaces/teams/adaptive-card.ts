/** The Adaptive Card version Teams renders everywhere (desktop, web, mobile) with Universal Actions. */
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** An Adaptive Card as the plain JSON Teams receives. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; body: Record<string, unknown>[] };

/** A card with the schema, version and full width Teams needs for readable threads. */
export function adaptiveCard(body: Record<string, unknown>[], extra: Record<string, unknown> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    msteams: { width: 'Full' },
    body,
    ...extra,
  };
}

/** The attachment that carries a card in an activity. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
