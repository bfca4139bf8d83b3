/**
 * Styles of Outloud's on-page UI, adopted by its closed shadow root. `:host` rules carry
 * `!important` so page styles that target the host element cannot hide or move it.
 *
 * The host is `display: contents`: it makes no box, so it cannot change the page's layout, and it
 * is no stacking context, so each highlight box (highlight-layer.ts) joins the page's root
 * stacking context and its `mix-blend-mode` blends with the page's text. (A fixed, z-indexed
 * host would be an isolated group: the boxes would blend with nothing and cover the letters.)
 * The UI itself sits in `.outloud`, a fixed zero-size box above everything, as the host was.
 */
export const UI_CSS = `
:host {
  all: initial !important;
  display: contents !important;
  visibility: visible !important;
  pointer-events: none !important;
}
.outloud {
  position: fixed;
  inset: 0 auto auto 0;
  width: 0;
  height: 0;
  overflow: visible;
  z-index: 2147483647;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d1d1f;
  --accent: #c2410c;
  --accent-fg: #ffffff;
  --surface: #ffffff;
  --muted: #5f6368;
  --border: #d7d7db;
}
@media (prefers-color-scheme: dark) {
  .outloud { color: #f1f1f3; --surface: #26262b; --muted: #b4b4bb; --border: #45454d; --accent: #fb923c;
    --accent-fg: #1d1d1f; }
}
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible, select:focus-visible, input:focus-visible,
[role="option"]:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 2px;
}
.layer { position: fixed; pointer-events: auto; }
.card, .pill, .composer, .panel {
  background: var(--surface); border: 1px solid var(--border); border-radius: 10px;
  box-shadow: 0 4px 16px rgba(0, 0, 0, 0.18);
}
.pill-wrap { position: fixed; right: 16px; bottom: 16px; pointer-events: auto;
  display: flex; flex-direction: column; align-items: flex-end; gap: 6px; max-width: 420px; }
.pill { display: flex; align-items: center; gap: 4px; padding: 2px; border-radius: 999px; }
.pill > button { background: none; border: 0; border-radius: 999px; padding: 4px 8px;
  display: flex; align-items: center; gap: 6px; }
.pill > button[data-outloud="pill"] { display: grid; grid-template-columns: auto auto;
  column-gap: 8px; align-items: center; justify-items: start; text-align: left; }
.pill > button[data-outloud="pill"] .faces { grid-row: 1 / span 2; }
.pill [data-outloud="people"] { font-weight: 600; }
.faces { display: flex; }
.face { width: 22px; height: 22px; border-radius: 50%; display: inline-flex; align-items: center;
  justify-content: center; font-size: 10px; font-weight: 600; color: #fff; margin-left: -6px;
  border: 2px solid var(--surface); }
.face:first-child { margin-left: 0; }
.counts { color: var(--muted); font-size: 12px; }
.panel { padding: 10px 12px; max-height: 50vh; overflow: auto; width: 300px; }
.panel h2 { font-size: 12px; margin: 8px 0 4px; color: var(--muted); font-weight: 600; }
.panel ul { list-style: none; margin: 0; padding: 0; }
.panel li button { background: none; border: 0; text-align: left; padding: 3px 0; width: 100%; }
.panel li .said { display: block; color: var(--muted); font-size: 12px; margin-top: 2px; }
.panel li button.copy-link { width: auto; color: var(--accent); font-size: 12px; padding: 0 0 3px; }
.panel .orphan { color: var(--muted); font-style: italic; padding: 3px 0; }
.row { display: flex; gap: 8px; justify-content: flex-end; margin-top: 8px; flex-wrap: wrap; }
.link { background: none; border: 0; color: var(--accent); padding: 2px 0; }
.primary { background: var(--accent); color: var(--accent-fg); border: 0; border-radius: 6px; padding: 5px 12px; }
.secondary { background: none; border: 1px solid var(--border); border-radius: 6px; padding: 4px 10px; }
.share-button { position: fixed; pointer-events: auto; background: var(--accent); color: var(--accent-fg);
  border: 0; border-radius: 999px; padding: 3px 10px; font-size: 12px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); }
.composer { position: fixed; pointer-events: auto; width: 340px; padding: 12px; }
.composer blockquote { margin: 0 0 8px; padding: 4px 8px; border-left: 3px solid var(--accent);
  max-height: 6em; overflow: auto; color: var(--muted); white-space: pre-wrap; }
.composer textarea { width: 100%; box-sizing: border-box; min-height: 4.5em; font: inherit;
  color: inherit; background: transparent; border: 1px solid var(--border); border-radius: 6px; padding: 6px; }
.composer label { display: flex; align-items: center; gap: 6px; margin-top: 6px; color: var(--muted); }
.composer select { font: inherit; }
.audience { border: 0; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 12px; }
.audience legend { padding: 0; color: var(--muted); }
.composer .audience label { margin-top: 2px; color: inherit; }
.audience-hint { flex-basis: 100%; margin: 2px 0 0; color: var(--muted); font-size: 12px; }
.group-label { display: inline-block; margin-left: 6px; padding: 0 6px; border: 1px solid var(--border);
  border-radius: 4px; color: var(--muted); font-size: 11px; font-weight: 400; }
.suggestions { margin: 2px 0 0; padding: 2px; border: 1px solid var(--border);
  border-radius: 6px; background: var(--surface); max-height: 10em; overflow: auto; }
.suggestions [role="option"] { padding: 3px 6px; border-radius: 4px; cursor: pointer; }
.suggestions [aria-selected="true"] { background: var(--accent); color: var(--accent-fg); }
.notice { position: fixed; right: 16px; bottom: 64px; pointer-events: auto; padding: 8px 12px; }
.notice.error { border-color: #d93025; }
.card { position: fixed; pointer-events: auto; max-width: 320px; padding: 8px 10px; }
.card .who { font-weight: 600; }
.card .comment { margin-top: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.mark { position: fixed; pointer-events: auto; transform: translate(-40%, -60%);
  min-width: 16px; height: 16px; border-radius: 8px; padding: 0 4px; box-sizing: border-box;
  background: var(--accent); color: var(--accent-fg); font-size: 10px; line-height: 16px; text-align: center;
  font-weight: 700; border: 0; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.3); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
