import { z } from 'zod';

const TextObject = z.object({ text: z.string().optional() }).passthrough();

/** The parts of a Slack message that carry text; lenient: only what is read is parsed. */
export const SlackMessageContentSchema = z
  .object({
    text: z.string().optional(),
    attachments: z
      .array(
        z
          .object({
            pretext: z.string().optional(),
            title: z.string().optional(),
            title_link: z.string().optional(),
            text: z.string().optional(),
            fallback: z.string().optional(),
            footer: z.string().optional(),
            fields: z.array(z.object({ title: z.string().optional(), value: z.string().optional() }).passthrough()).optional(),
            blocks: z.array(z.record(z.string(), z.unknown())).optional(),
          })
          .passthrough(),
      )
      .optional(),
    blocks: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough();
export type SlackMessageContent = z.infer<typeof SlackMessageContentSchema>;

/** A message's text and the further fragments (attachments, blocks) in display order. */
export interface SlackMessageText {
  text: string;
  fragments: string[];
}

/**
 * Extracts every piece of text of a Slack message, as alerting tools post it: the top-level text,
 * each attachment (pretext, title, text, `Title: value` fields, footer; the fallback only when the
 * attachment says nothing else; blocks nested in it) and each block (header, section text and
 * fields, context elements, rich text). Empty parts are dropped.
 */
export function extractMessageText(message: unknown): SlackMessageText {
  const parsed = SlackMessageContentSchema.safeParse(message);
  if (!parsed.success) return { text: '', fragments: [] };
  const content = parsed.data;
  const fragments: string[] = [];
  for (const attachment of content.attachments ?? []) {
    const fields = (attachment.fields ?? []).map((field) => [field.title, field.value].filter(Boolean).join(': '));
    // Tools that moved to Block Kit often still wrap their blocks in a coloured attachment.
    const nested = (attachment.blocks ?? []).flatMap(blockText);
    // The title as Slack shows it, a link: the link often tells which tool posted (and is data, never followed).
    const title = attachment.title && attachment.title_link ? `<${attachment.title_link}|${attachment.title}>` : attachment.title;
    const parts = [attachment.pretext, title, attachment.text, ...fields, ...nested, attachment.footer].filter(nonEmpty);
    if (parts.length === 0 && nonEmpty(attachment.fallback)) parts.push(attachment.fallback);
    if (parts.length > 0) fragments.push(parts.join('\n'));
  }
  const blockLines = (content.blocks ?? []).flatMap(blockText).filter(nonEmpty);
  if (blockLines.length > 0) fragments.push(blockLines.join('\n'));
  const text = content.text ?? '';
  // Tools often repeat their blocks as the notification text; keep one copy.
  return { text, fragments: fragments.filter((fragment) => fragment.trim() !== text.trim()) };
}

function blockText(block: Record<string, unknown>): string[] {
  const text = TextObject.safeParse(block.text);
  const lines: string[] = [];
  if (text.success && text.data.text) lines.push(text.data.text);
  if (Array.isArray(block.fields)) lines.push(...block.fields.map(textOf).filter(nonEmpty));
  if (block.type === 'context' && Array.isArray(block.elements)) lines.push(...block.elements.map(textOf).filter(nonEmpty));
  if (block.type === 'rich_text' && Array.isArray(block.elements)) lines.push(richText(block.elements));
  return lines;
}

function textOf(element: unknown): string | undefined {
  const parsed = TextObject.safeParse(element);
  return parsed.success ? parsed.data.text : undefined;
}

/** Flattens rich_text sections/lists/quotes into plain lines. */
function richText(elements: unknown[]): string {
  const walk = (node: unknown): string => {
    if (!node || typeof node !== 'object') return '';
    const record = node as Record<string, unknown>;
    if (typeof record.text === 'string') return record.text;
    if (typeof record.url === 'string') return record.url;
    if (Array.isArray(record.elements)) {
      const inner = record.elements.map(walk);
      return record.type === 'rich_text_list' ? inner.join('\n') : inner.join('');
    }
    return '';
  };
  return elements.map(walk).filter(nonEmpty).join('\n');
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
