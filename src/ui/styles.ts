/** The one stylesheet of the extension pages (popup, options, side panel); light and dark. */

export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d2125; --muted: #5c6670; --line: #d5dbe0; --soft: #f2f5f7;
  --accent: #1f6feb; --accent-fg: #ffffff; --error: #b42318; --error-bg: #fdecea;
  --ok: #1a7f37; --warn-bg: #fff4d6; --focus: #1f6feb;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16191d; --fg: #e6e9ec; --muted: #9aa4ad; --line: #343a40; --soft: #22272c;
    --accent: #4c8dff; --accent-fg: #0b0d0f; --error: #ff8a80; --error-bg: #3a1d1b;
    --ok: #56d364; --warn-bg: #3a3220; --focus: #8ab4ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
main { padding: 12px 14px; }
main.popup { width: 380px; min-height: 200px; }
main.options { max-width: 720px; margin: 0 auto; padding: 24px; }
h1 { font-size: 16px; margin: 0 0 8px; }
h2 { font-size: 15px; margin: 16px 0 8px; }
h3 { font-size: 13px; margin: 12px 0 6px; color: var(--muted); }
p { margin: 4px 0; }
a { color: var(--accent); }
label { display: block; font-weight: 600; margin: 8px 0 2px; }
label.inline { display: inline-flex; align-items: center; gap: 6px; font-weight: 400; margin: 4px 12px 4px 0; }
input[type=text], input[type=url], input[type=password], textarea {
  width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--fg); font: inherit;
}
textarea { resize: vertical; }
button {
  font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid var(--line);
  background: var(--soft); color: var(--fg); cursor: pointer;
}
button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
button:disabled { opacity: .55; cursor: default; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.muted { color: var(--muted); }
.ok { color: var(--ok); }
.error { color: var(--error); background: var(--error-bg); padding: 6px 8px; border-radius: 6px; }
.notice { background: var(--warn-bg); padding: 6px 8px; border-radius: 6px; }
.sr-only, .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.tabs { display: flex; gap: 2px; border-bottom: 1px solid var(--line); margin: 0 -14px 10px; padding: 0 10px; }
.tabs [role=tab] { border: 0; border-bottom: 2px solid transparent; border-radius: 0; background: none; padding: 6px 8px; }
.tabs [role=tab][aria-selected=true] { border-bottom-color: var(--accent); font-weight: 600; }
.badge { display: inline-block; min-width: 18px; margin-left: 4px; padding: 0 5px; border-radius: 9px; background: var(--accent); color: var(--accent-fg); font-size: 11px; line-height: 18px; text-align: center; }
.saved-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.saved-head h2 { margin: 0; }
.tag-input { position: relative; }
.chips { list-style: none; margin: 0 0 4px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
.chip { display: inline-flex; align-items: center; gap: 2px; background: var(--soft); border: 1px solid var(--line); border-radius: 12px; padding: 0 2px 0 8px; }
.chip-remove { border: 0; background: none; padding: 0 6px; }
.mention-box { position: relative; }
.suggestions { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 2px; list-style: none; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.15); max-height: 200px; overflow: auto; }
.suggestions [role=option] { padding: 4px 8px; border-radius: 4px; cursor: pointer; }
.suggestions [role=option].active { background: var(--accent); color: var(--accent-fg); }
.switch { display: inline-flex; align-items: center; gap: 8px; border: 0; background: none; padding: 2px 0; }
.switch-track { width: 32px; height: 18px; border-radius: 9px; background: var(--line); position: relative; transition: background .15s; }
.switch-thumb { position: absolute; top: 2px; left: 2px; width: 14px; height: 14px; border-radius: 50%; background: #fff; transition: left .15s; }
.switch[aria-checked=true] .switch-track { background: var(--accent); }
.switch[aria-checked=true] .switch-thumb { left: 16px; }
.item { padding: 8px 0; border-bottom: 1px solid var(--line); }
.item.unread { border-left: 3px solid var(--accent); padding-left: 8px; }
.item-head { color: var(--muted); }
.item-head strong { color: var(--fg); }
.item-link { display: block; font-weight: 600; overflow-wrap: anywhere; }
.item-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.item .badge { background: none; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; }
.audience { border: 0; margin: 8px 0 2px; padding: 0; }
.audience legend { font-weight: 600; padding: 0; margin-bottom: 2px; }
.audience-hint { margin: 2px 0 0; font-size: 12px; }
.badge.group-label { background: none; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; }
.feed-filter { display: flex; align-items: center; gap: 8px; margin: 0 0 6px; }
.feed-filter label { display: inline; margin: 0; }
.quote { display: block; width: 100%; margin: 4px 0; padding: 4px 8px; border: 0; border-left: 3px solid #e0a800; border-radius: 0; background: transparent; color: inherit; text-align: start; font-style: italic; white-space: pre-wrap; overflow-wrap: anywhere; }
.tags { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 4px 0; }
.tags li { font-size: 12px; color: var(--accent); }
.actions { display: flex; gap: 8px; margin: 4px 0; }
.like.liked { border-color: var(--accent); }
button.link { border: 0; background: none; color: var(--accent); padding: 2px 4px; }
.thread { list-style: none; margin: 4px 0 4px 8px; padding-left: 8px; border-left: 2px solid var(--line); }
.comment { margin: 6px 0; }
.comment-form, .status-form { margin: 6px 0; }
.comment-form button { margin-top: 4px; }
.page-title { color: var(--muted); overflow-wrap: anywhere; }
.people { list-style: none; padding: 0; margin: 0; }
.people li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 3px 0; }
.follow { flex: none; padding: 2px 10px; font-size: 12px; }
.follow.following { border-color: var(--accent); }
.failed { list-style: none; padding: 0; }
.failed li { padding: 4px 0; border-bottom: 1px solid var(--line); }
.counter { font-size: 12px; }
.sites { list-style: none; padding: 0; margin: 4px 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 4px 12px; }
.sites li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 2px 0 2px 8px; border-radius: 6px; background: var(--soft); }
.sites button { padding: 2px 8px; font-size: 12px; }
.device-this::before, .device-times > span + span::before { content: ' · '; }
ul.devices { list-style: none; padding: 0; }
ul.devices li { border-top: 1px solid var(--line); padding: 4px 0; }
section.card { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 12px; margin: 16px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.group-list, .members, .flags { list-style: none; padding: 0; margin: 0; }
.group-list > li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.group-head, .members li { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.members li { padding: 3px 0; }
.group-head > :first-child, .members li > :first-child { min-width: 0; overflow-wrap: anywhere; }
.group-head button:not(.group-toggle), .member-actions button { flex: none; padding: 2px 10px; font-size: 12px; }
.group-toggle { border: 0; background: none; padding: 2px 0; font-weight: 600; color: var(--accent); text-align: start; }
.member-actions { display: inline-flex; gap: 4px; align-items: center; flex: none; }
.group-detail { margin: 4px 0 4px 8px; padding-left: 8px; border-left: 2px solid var(--line); }
.group-detail h4 { font-size: 12px; margin: 8px 0 4px; color: var(--muted); }
.group-description { white-space: pre-wrap; overflow-wrap: anywhere; }
.group-id { font-size: 11px; overflow-wrap: anywhere; background: var(--soft); padding: 2px 4px; border-radius: 4px; }
.flags > li { padding: 4px 0; border-bottom: 1px solid var(--line); }
.flag-reasons { list-style: none; padding: 0; margin: 0; }
fieldset.group-kind { border: 0; padding: 0; margin: 8px 0 0; }
fieldset.group-kind legend { font-weight: 600; padding: 0; }
select { font: inherit; padding: 2px 4px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.tabs { flex-wrap: wrap; }
`;
