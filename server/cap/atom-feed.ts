/**
 * The public CAP feed as Atom (RFC 4287), the way public alert aggregators read CAP: one entry per
 * alert, its newest message, linked as application/cap+xml. Pure.
 */
import { formatAtomTime } from './cap-time.ts';
import { escapeXml } from './xml-text.ts';

export interface AtomEntry {
  /** A URL that names the message for ever (the message's own URL). */
  readonly id: string;
  readonly title: string;
  readonly updated: number;
  readonly summary: string;
  /** The CAP message, application/cap+xml. */
  readonly capUrl: string;
  /** Alert, Update or Cancel. */
  readonly msgType: string;
}

export interface AtomFeed {
  readonly id: string;
  readonly title: string;
  readonly selfUrl: string;
  readonly author: string;
  /** When nothing was ever published: the feed's own creation time. */
  readonly updatedFallback: number;
  readonly entries: readonly AtomEntry[];
}

export function buildAtomFeed(feed: AtomFeed): string {
  const updated = feed.entries.reduce((t, e) => Math.max(t, e.updated), 0) || feed.updatedFallback;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n';
  xml += `  <id>${escapeXml(feed.id)}</id>\n`;
  xml += `  <title>${escapeXml(feed.title)}</title>\n`;
  xml += `  <updated>${formatAtomTime(updated)}</updated>\n`;
  xml += `  <author><name>${escapeXml(feed.author)}</name></author>\n`;
  xml += `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>\n`;
  for (const e of feed.entries) {
    xml += '  <entry>\n';
    xml += `    <id>${escapeXml(e.id)}</id>\n`;
    xml += `    <title>${escapeXml(e.title)}</title>\n`;
    xml += `    <updated>${formatAtomTime(e.updated)}</updated>\n`;
    xml += `    <category term="${escapeXml(e.msgType)}"/>\n`;
    xml += `    <summary>${escapeXml(e.summary)}</summary>\n`;
    xml += `    <link rel="alternate" type="application/cap+xml" href="${escapeXml(e.capUrl)}"/>\n`;
    xml += '  </entry>\n';
  }
  xml += '</feed>\n';
  return xml;
}
