/**
 * The text of a Teams message as alerting tools post it: the message text (HTML in Teams) and
 * every card attached: Adaptive Cards (TextBlocks, RichTextBlocks, FactSets, containers and
 * columns, their titles) and legacy Office 365 connector cards / MessageCards (title, summary,
 * text, sections with activity titles and facts). Facts read `Name: value`, like Slack fields.
 */
export interface TeamsMessageText {
  text: string;
  /** One fragment per card, in display order. */
  fragments: string[];
  /** The colour a card states (`themeColor`, a heading's `color`), for the status hint. */
  color?: string;
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const O365 = 'application/vnd.microsoft.teams.card.o365connector';
/** How deep nested containers are walked: enough for any real card, bounded for hostile ones. */
const MAX_DEPTH = 12;
const MAX_PARTS = 2000;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Teams message HTML (`<p>`, `<br>`, `<at>`, entities) as plain text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    // Only real tags: a bare "<" in an alert ("p99 < 2s") is text.
    .replace(/<\/?(?:p|div|span|b|i|u|s|strong|em|a|ul|ol|li|h\d|table|tr|td|th|tbody|thead|img|code|pre|blockquote|at|attachment|emoji|systemEventMessage)\b[^<>]{0,2000}>/gi, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Reads the text, cards and colour of a Teams message activity (lenient: only what is read). */
export function extractTeamsMessageText(activity: { text?: unknown; textFormat?: unknown; attachments?: unknown }): TeamsMessageText {
  const rawText = str(activity.text) ?? '';
  const text = activity.textFormat === 'plain' ? rawText : htmlToText(rawText);
  const fragments: string[] = [];
  let color: string | undefined;
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  for (const attachment of attachments) {
    if (!isRecord(attachment)) continue;
    const content = typeof attachment.content === 'string' ? parseJson(attachment.content) : attachment.content;
    if (!isRecord(content)) continue;
    const parts: string[] = [];
    if (attachment.contentType === ADAPTIVE || content.type === 'AdaptiveCard') {
      readAdaptive(content, parts, 0);
      color ??= adaptiveColor(content);
    } else if (attachment.contentType === O365 || content['@type'] === 'MessageCard' || content.sections !== undefined) {
      readMessageCard(content, parts);
      color ??= str(content.themeColor);
    } else {
      // Hero / thumbnail cards and anything else with the usual fields.
      for (const key of ['title', 'subtitle', 'text']) if (str(content[key])) parts.push(htmlToText(content[key] as string));
    }
    const fragment = parts.filter((part) => part.trim() !== '').join('\n');
    if (fragment !== '') fragments.push(fragment);
  }
  return { text, fragments, color };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readAdaptive(element: Json, parts: string[], depth: number): void {
  if (depth > MAX_DEPTH || parts.length > MAX_PARTS) return;
  switch (element.type) {
    case 'TextBlock':
      if (str(element.text)) parts.push(element.text as string);
      return;
    case 'RichTextBlock': {
      const inlines = Array.isArray(element.inlines) ? element.inlines : [];
      const line = inlines.map((inline) => (typeof inline === 'string' ? inline : isRecord(inline) ? (str(inline.text) ?? '') : '')).join('');
      if (line.trim() !== '') parts.push(line);
      return;
    }
    case 'FactSet':
      for (const fact of Array.isArray(element.facts) ? element.facts : []) {
        if (isRecord(fact) && (str(fact.title) || str(fact.value))) parts.push(`${str(fact.title) ?? ''}: ${str(fact.value) ?? ''}`.replace(/^: /, ''));
      }
      return;
    case 'Table':
      for (const row of Array.isArray(element.rows) ? element.rows : []) {
        if (!isRecord(row)) continue;
        const cells: string[] = [];
        for (const cell of Array.isArray(row.cells) ? row.cells : []) {
          const inner: string[] = [];
          if (isRecord(cell)) children(cell).forEach((child) => readAdaptive(child, inner, depth + 1));
          cells.push(inner.join(' '));
        }
        if (cells.some((cell) => cell.trim() !== '')) parts.push(cells.length === 2 ? `${cells[0]}: ${cells[1]}` : cells.join(' | '));
      }
      return;
    default:
      for (const child of children(element)) readAdaptive(child, parts, depth + 1);
  }
}

/** Child elements of a card, container, column set, column or action set card. */
function children(element: Json): Json[] {
  const lists = [element.body, element.items, element.columns].filter(Array.isArray) as unknown[][];
  return lists.flat().filter(isRecord);
}

/** The colour of the first heading TextBlock (`Attention` is red, `Good` green). */
function adaptiveColor(card: Json): string | undefined {
  const body = Array.isArray(card.body) ? card.body : [];
  for (const element of body.slice(0, 3)) if (isRecord(element) && element.type === 'TextBlock' && str(element.color)) return element.color as string;
  return undefined;
}

function readMessageCard(card: Json, parts: string[]): void {
  const title = str(card.title);
  if (title) parts.push(htmlToText(title));
  if (str(card.text)) parts.push(htmlToText(card.text as string));
  else if (!title && str(card.summary)) parts.push(card.summary as string);
  for (const section of (Array.isArray(card.sections) ? card.sections : []).slice(0, 100)) {
    if (!isRecord(section)) continue;
    for (const key of ['activityTitle', 'activitySubtitle', 'activityText', 'title', 'text']) {
      if (str(section[key])) parts.push(htmlToText(section[key] as string));
    }
    for (const fact of (Array.isArray(section.facts) ? section.facts : []).slice(0, 200)) {
      if (isRecord(fact) && (str(fact.name) || str(fact.value))) parts.push(`${str(fact.name) ?? ''}: ${htmlToText(str(fact.value) ?? '')}`.replace(/^: /, ''));
    }
  }
}
