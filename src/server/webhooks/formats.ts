/**
 * The three body formats: `json` (the event itself, `EventBody`), `slack` (an incoming-webhook
 * message, `{ text }` in Slack's mrkdwn, which Mattermost and Rocket.Chat accept too) and
 * `teams` (a Microsoft Teams workflow's "When a Teams webhook request is received" trigger:
 * `{ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive",
 * content: <Adaptive Card> }] }`). Text from people is escaped for the chat's markup: Slack's
 * `&`, `<`, `>` (so no `<!channel>` or link can be smuggled in); in the Adaptive Card it
 * is in `TextRun`s of `RichTextBlock`s, which are never read as Markdown.
 */
import type { WebhookFormat } from '../db/schema.ts';
import type { EventBody, ItemView } from './payload.ts';

const HEADLINES: Record<string, (who: string, what: string) => string> = {
  'item.shared': (who, what) => `${who} shared ${what}`,
  'status.question': (who) => `${who} asks`,
  mention: (who, what) => `${who} mentioned you in ${what}`,
  comment: (who, what) => `${who} commented on ${what}`,
  test: () => 'Test event from Outloud: this webhook works',
};

const KIND: Record<ItemView['type'], string> = {
  bookmark: 'a bookmark',
  snippet: 'a snippet',
  status: 'a status',
  comment: 'a comment',
};

/** The plain-text parts every chat format shows. */
function parts(event: EventBody) {
  const who = event.actor ? `${event.actor.name} (@${event.actor.handle})` : 'Someone';
  const about = event.type === 'comment' ? event.on : event.item;
  const headline = (HEADLINES[event.type] ?? HEADLINES.test)?.(
    who,
    about ? KIND[about.type] : 'something',
  ) as string;
  const item = event.item;
  const lines: Array<{ text: string; quote?: boolean }> = [];
  if (item) {
    if (about?.title) lines.push({ text: about.title });
    if (item.quote) lines.push({ text: item.quote, quote: true });
    const words = item.comment || item.text || item.description;
    if (words) lines.push({ text: words });
  }
  const link = item?.permalink ?? about?.permalink ?? about?.url ?? null;
  const page = about?.url ?? null;
  return { headline, lines, link, page, group: event.group?.name ?? null };
}

/** Slack mrkdwn's three escapes. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside Slack's `<url|label>`: the characters that would end it percent-encoded. */
function slackUrl(url: string): string {
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

function slackBody(event: EventBody) {
  const p = parts(event);
  const out = [`*${slackEscape(p.headline)}*${p.group ? ` in ${slackEscape(p.group)}` : ''}`];
  for (const line of p.lines) {
    const text = slackEscape(line.text);
    out.push(line.quote ? text.replace(/^/gm, '> ') : text);
  }
  if (p.link) out.push(`<${slackUrl(p.link)}|Open in Outloud>`);
  else if (p.page) out.push(`<${slackUrl(p.page)}|Open the page>`);
  return { text: out.join('\n'), unfurl_links: false, unfurl_media: false };
}

/** A rich text block of one plain run: `TextRun` text is never read as Markdown. */
function run(text: string, style: { weight?: 'Bolder'; italic?: boolean } = {}) {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...style }] };
}

function teamsBody(event: EventBody) {
  const p = parts(event);
  const body = [
    run(p.group ? `${p.headline} in ${p.group}` : p.headline, { weight: 'Bolder' }),
    ...p.lines.map((line) => run(line.text, line.quote ? { italic: true } : {})),
  ];
  const url = p.link ?? p.page;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open', url }] } : {}),
        },
      },
    ],
  };
}

/** The request body of `event` in `format`. */
export function render(format: WebhookFormat, event: EventBody): string {
  if (format === 'slack') return JSON.stringify(slackBody(event));
  if (format === 'teams') return JSON.stringify(teamsBody(event));
  return JSON.stringify(event);
}
