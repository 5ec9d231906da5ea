import { ALERT_LINK_WORDS, type AlertLink } from '../../core/alerts/alert-links';

/**
 * A Slack mrkdwn link `<url|label>` to an http(s) URL; `label` is Causa's own words. The URL's
 * `&`, `<`, `>` and `|` are escaped so it cannot end the link early or add markup.
 */
export function slackLink(url: string, label: string): string {
  if (!/^https?:\/\//i.test(url)) return label;
  const target = url.replace(/&/g, '&amp;').replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
  return `<${target}|${label.replace(/[<>|&]/g, '')}>`;
}

/** `Runbook · Dashboard · Silence` as links, for the alert's own links (nothing when it carried none). */
export function alertLinkLine(links: readonly AlertLink[]): string {
  return links.map((link) => slackLink(link.url, ALERT_LINK_WORDS[link.kind])).join(' · ');
}
