/**
 * The web pages' one stylesheet, served as `/web/style.css` (the CSP admits styles from the
 * server itself only: no inline style anywhere). Light and dark follow `prefers-color-scheme`;
 * colours meet WCAG AA contrast in both (axe checks them in the end-to-end tests).
 */
export const STYLESHEET = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1f; --muted: #4f5159; --line: #d6d7dc;
  --accent: #0b57d0; --accent-fg: #ffffff; --mark: #fff1a8; --mark-fg: #1b1b1f; --card: #f6f7f9;
  --error: #b3261e; --focus: #0b57d0; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121316; --fg: #e6e6ea; --muted: #b4b6bf; --line: #3a3c44; --accent: #a8c7fa;
    --accent-fg: #0b1d3a; --mark: #5c4a00; --mark-fg: #fff8d6; --card: #1c1e22; --error: #ffb4ab;
    --focus: #a8c7fa; }
}
* { box-sizing: border-box; }
html { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem 1rem; z-index: 1; }
header.site { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center;
  justify-content: space-between; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
header.site nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header.site .languages { gap: .5rem; font-size: .9rem; }
header.site .languages a[aria-current] { font-weight: 700; color: var(--fg); }
header.site .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
.me { display: flex; gap: .75rem; align-items: center; color: var(--muted); }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.item { background: var(--card); border: 1px solid var(--line); border-radius: .5rem;
  padding: .75rem 1rem; margin: 0 0 .75rem; overflow-wrap: anywhere; }
.item .by, .meta { color: var(--muted); font-size: .9rem; margin: 0; }
.item h2, .item h3 { font-size: 1.05rem; margin: .25rem 0; }
blockquote.quote { margin: .5rem 0; padding: .25rem 0 .25rem 1rem; border-left: 4px solid var(--line); }
blockquote.quote .context { color: var(--muted); }
mark { background: var(--mark); color: var(--mark-fg); padding: 0 .1em; }
.text { white-space: pre-wrap; margin: .5rem 0; }
.question-badge { display: inline-block; font-size: .8rem; font-weight: 600; border: 1px solid var(--line);
  border-radius: 1rem; padding: 0 .5rem; margin-right: .25rem; }
.tags { display: flex; flex-wrap: wrap; gap: .25rem .5rem; list-style: none; padding: 0; margin: .25rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0; }
form.inline { display: inline; margin: 0; }
button, .button { font: inherit; cursor: pointer; border-radius: .375rem; padding: .375rem .875rem;
  border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); }
button.secondary { background: transparent; color: var(--accent); }
label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
input[type=password], input[type=text], input[type=search], textarea { width: 100%; font: inherit;
  color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: .375rem;
  padding: .5rem; }
textarea { min-height: 5rem; resize: vertical; }
.error { color: var(--error); font-weight: 600; }
.tabs { display: flex; gap: 1rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.tabs a[aria-current=page] { font-weight: 700; color: var(--fg); }
ol.plain, ul.plain { list-style: none; padding: 0; margin: 0; }
.comment { border-top: 1px solid var(--line); padding: .5rem 0; }
.comment:target { background: var(--card); }
.hint { color: var(--muted); font-size: .9rem; }
.notice { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: .375rem;
  padding: .5rem 1rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
input[readonly] { background: var(--card); }
select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--muted);
  border-radius: .375rem; padding: .375rem; }
fieldset { border: 1px solid var(--line); border-radius: .375rem; margin: .75rem 0; padding: .25rem 1rem .5rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; margin: .25rem 0; }
table.log { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
table.log caption { text-align: left; color: var(--muted); }
table.log th, table.log td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: anywhere; }
`;
