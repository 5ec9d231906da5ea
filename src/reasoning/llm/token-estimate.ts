/**
 * A rough token count for deciding, before sending, whether a prompt fits a budget: about one
 * token per four characters of a word, one per punctuation mark. What a call actually cost is
 * taken from the response's usage fields, never from this estimate.
 */
export function estimateTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g)) count += match[0].length > 1 ? Math.ceil(match[0].length / 4) : 1;
  return count;
}
