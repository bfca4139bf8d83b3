/**
 * Running axe-core in the end-to-end tests: injected through the DevTools protocol into the page
 * under test (extension pages forbid inline scripts, DevTools evaluation is not a script tag),
 * checked against WCAG 2.1 A/AA, and reduced to the serious and critical violations with the
 * elements they were found on, so a failure says what to fix.
 *
 * The page overlay lives in a CLOSED shadow root, which axe (like any page script) cannot enter.
 * `overlayViolations` therefore copies it: through DevTools it takes the live shadow root, clones
 * its nodes and adopts its constructed stylesheet into an OPEN shadow root on a new host in the
 * same page, and runs axe on the copy, which is then removed. The copy is the overlay's exact
 * markup and CSS at that moment, laid out at the same place over the same page (everything in it
 * is `position: fixed`, on top of the identical original, so contrast is measured against the
 * same colours); only event listeners are missing, which axe does not look at. The copy's host
 * goes in `<body>` (the original hangs off `<html>`): axe cannot work out the background colours
 * of elements outside `<body>` and reports them as undetermined instead of checking them. The
 * original is left alone, so focus stays where it is.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string; summary: string }>;
};

/** The rules axe runs: WCAG 2.0/2.1 level A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Serious and critical WCAG violations in `page` (within `include`, a CSS selector, if given). */
export async function axeViolations(page: Page, include?: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const all = await page.evaluate(
    async ({ include, tags }) => {
      type AxeResult = {
        violations: Array<{
          id: string;
          impact: string | null;
          help: string;
          nodes: Array<{ target: unknown[]; failureSummary?: string }>;
        }>;
      };
      const axe = (
        globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResult> } }
      ).axe;
      const context = include ? { include: [[include]] } : document;
      const result = await axe.run(context, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: JSON.stringify(n.target),
          summary: n.failureSummary ?? '',
        })),
      }));
    },
    { include, tags: TAGS },
  );
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Outloud's closed shadow root as a DevTools remote object (in the page's main world). */
export async function overlayRoot(cdp: CDPSession): Promise<string> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const host = root.children
    ?.flatMap((n) => n.children ?? [])
    .find((n) => n.localName === 'outloud-root');
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) throw new Error('Outloud draws nothing on this page (no outloud-root)');
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  return object.objectId!;
}

/** The tag of the open copy `overlayViolations` makes. */
const COPY_TAG = 'outloud-a11y-copy';

/**
 * Serious and critical violations in Outloud's on-page UI, checked on an open-shadow-root copy
 * of its closed shadow root (see the module comment).
 */
export async function overlayViolations(page: Page): Promise<Violation[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const objectId = await overlayRoot(cdp);
    await cdp.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: `function (tag) {
        document.querySelector(tag)?.remove();
        const copy = document.createElement(tag);
        const open = copy.attachShadow({ mode: 'open' });
        open.adoptedStyleSheets = [...this.adoptedStyleSheets];
        for (const node of this.childNodes) open.append(node.cloneNode(true));
        document.body.append(copy);
      }`,
      arguments: [{ value: COPY_TAG }],
    });
    try {
      return await axeViolations(page, COPY_TAG);
    } finally {
      await cdp.send('Runtime.callFunctionOn', {
        objectId,
        functionDeclaration: 'function (tag) { document.querySelector(tag)?.remove(); }',
        arguments: [{ value: COPY_TAG }],
      });
    }
  } finally {
    await cdp.detach();
  }
}

/** A readable list of violations for a failing expectation. */
export function describeViolations(violations: Violation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target}: ${n.summary}`),
  );
}
