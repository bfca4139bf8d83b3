/**
 * The three body formats: `json` (the event itself, `EventBody`), `slack` (an incoming-webhook
 * message, `{ text }` in Slack's mrkdwn, which Mattermost and Rocket.Chat accept too) and
 * `teams` (a Microsoft Teams workflow's "When a Teams webhook request is received" trigger:
 * `{ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive",
 * content: <Adaptive Card> }] }`). Text from people is escaped for the chat's markup: Slack's
 * `&`, `<`, `>` (so no `<!channel>` or link can be smuggled in); in the Adaptive Card it
 * is in `TextRun`s of `RichTextBlock`s, which are never read as Markdown.
 */
import { type Words, wordsFor } from '../../web/words.ts';
import type { WebhookFormat, WebhookLanguage } from '../db/schema.ts';
import type { EventBody, ItemView } from './payload.ts';

const HEADLINES: Record<string, string> = {
  'item.shared': 'webhookShared',
  'status.question': 'webhookAsks',
  mention: 'webhookMentioned',
  comment: 'webhookCommented',
  test: 'webhookTest',
};

const KIND: Record<ItemView['type'], string> = {
  bookmark: 'webhookKindBookmark',
  snippet: 'webhookKindSnippet',
  status: 'webhookKindStatus',
  comment: 'webhookKindComment',
};

/** `w.t` without the bidi isolates around substitutions: chat clients may show them. */
function say(w: Words, key: string, substitutions?: string[]): string {
  return w.t(key, substitutions).replace(/[\u2068\u2069]/g, '');
}

/** The plain-text parts every chat format shows, in the hook's language. */
function parts(event: EventBody, w: Words) {
  const who = event.actor
    ? `${event.actor.name} (@${event.actor.handle})`
    : say(w, 'webhookSomeone');
  const about = event.type === 'comment' ? event.on : event.item;
  const what = say(w, about ? KIND[about.type] : 'webhookSomething');
  const headline = say(w, HEADLINES[event.type] ?? 'webhookTest', [who, what]);
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
  const group = event.group?.name ?? null;
  return {
    headline: group ? say(w, 'webhookInGroup', [headline, group]) : headline,
    lines,
    link,
    page,
    open: say(w, 'webhookOpen'),
    openPage: say(w, 'webhookOpenPage'),
  };
}

/** Slack mrkdwn's three escapes. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside Slack's `<url|label>`: the characters that would end it percent-encoded. */
function slackUrl(url: string): string {
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

function slackBody(event: EventBody, w: Words) {
  const p = parts(event, w);
  const out = [`*${slackEscape(p.headline)}*`];
  for (const line of p.lines) {
    const text = slackEscape(line.text);
    out.push(line.quote ? text.replace(/^/gm, '> ') : text);
  }
  if (p.link) out.push(`<${slackUrl(p.link)}|${slackEscape(p.open)}>`);
  else if (p.page) out.push(`<${slackUrl(p.page)}|${slackEscape(p.openPage)}>`);
  return { text: out.join('\n'), unfurl_links: false, unfurl_media: false };
}

/** A rich text block of one plain run: `TextRun` text is never read as Markdown. */
function run(text: string, style: { weight?: 'Bolder'; italic?: boolean } = {}) {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...style }] };
}

function teamsBody(event: EventBody, w: Words) {
  const p = parts(event, w);
  const body = [
    run(p.headline, { weight: 'Bolder' }),
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
          ...(url ? { actions: [{ type: 'Action.OpenUrl', title: p.open, url }] } : {}),
        },
      },
    ],
  };
}

/** The request body of `event` in `format`, chat text in `lang`. */
export function render(format: WebhookFormat, event: EventBody, lang: WebhookLanguage): string {
  if (format === 'json') return JSON.stringify(event);
  const w = wordsFor(lang);
  return JSON.stringify(format === 'slack' ? slackBody(event, w) : teamsBody(event, w));
}
