import type { z } from 'zod';

const LISTED = 5;

/** The first few problems zod found (`path: message; …`), and how many more there are. */
export function schemaIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, LISTED).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message.slice(0, 200)}`);
  const more = issues.length > LISTED ? `; and ${issues.length - LISTED} more` : '';
  return `${listed.join('; ')}${more}`;
}
