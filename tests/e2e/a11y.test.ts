/**
 * Accessibility of everything Outloud draws, in light and dark mode: axe-core (WCAG 2.1 A/AA)
 * finds no serious or critical violation in the popup (each tab, Groups with an opened group, its edit form and delete question), the options page, the side
 * panel, the page overlay (pill, its panel, a snippet's hover card) and the snippet composer
 * with its mention list, all showing the demo organisation's data. The overlay sits in a closed
 * shadow root, so it is checked on an open copy (see `a11y-axe.ts`). Dark mode is checked to
 * actually apply (prefers-color-scheme), not just to pass.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { axeViolations, describeViolations, overlayRoot, overlayViolations } from './a11y-axe.ts';
import { OutloudUi, selectText } from './content-harness.ts';
import { chromiumPath, EXTENSION_DIR } from './harness.ts';
import { poll } from './journey-helpers.ts';
import { type DemoScene, GROUP_NAME, openDemoScene, QUOTES } from './screenshots-scene.ts';

const SCHEMES = ['light', 'dark'] as const;

/**
 * Gives the demo person `ada` what the Groups view shows an owner: her closed group with a
 * member and a moderator, a request to join, a status shared with it that a member flagged, and
 * an open group of someone else's to join. Answers the closed group's id.
 */
async function seedGroup(scene: DemoScene): Promise<string> {
  const as = (handle: string) => async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${scene.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${scene.tokens.get(handle)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const id = uuidv7();
  const ada = as('ada');
  await ada('PUT', `/v1/groups/${id}`, {
    name: 'Design guild',
    description: 'Critique and reviews',
    kind: 'closed',
  });
  await ada('PUT', `/v1/groups/${id}/members/greta`, { role: 'member' });
  await ada('PUT', `/v1/groups/${id}/members/dara`, { role: 'moderator' });
  await as('elin')('POST', `/v1/groups/${id}/requests`);
  const status = uuidv7();
  await ada('PUT', `/v1/statuses/${status}`, {
    text: 'Draft of the new review checklist',
    visibility: 'group',
    groups: [id],
  });
  await as('greta')('PUT', `/v1/flags/${status}`, { reason: 'Not for this group' });
  await as('dara')('PUT', `/v1/groups/${uuidv7()}`, { name: 'Coffee', kind: 'open' });
  return id;
}
type Scheme = (typeof SCHEMES)[number];

/** Background colour of the page's body (extension pages) as the browser computes it. */
const bodyBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

async function expectClean(where: string, found: Promise<ReturnType<typeof describeViolations>>) {
  expect(await found, where).toEqual([]);
}

describe('accessibility (axe: no serious or critical WCAG 2.1 AA violations)', () => {
  let scene: DemoScene;
  let article: Page;
  let tabId: number;

  let groupId: string;

  beforeAll(async () => {
    scene = await openDemoScene();
    ({ page: article, tabId } = await scene.openArticle());
    groupId = await seedGroup(scene);
  });
  afterAll(async () => {
    await scene?.close();
  });

  const open = async (path: string, scheme: Scheme) => {
    const page = await scene.browser.openPage(path);
    await page.emulateMedia({ colorScheme: scheme });
    return page;
  };

  it('follows prefers-color-scheme on the extension pages', async () => {
    const light = await open('options.html', 'light');
    const dark = await open('options.html', 'dark');
    expect(await bodyBackground(light)).toBe('rgb(255, 255, 255)');
    expect(await bodyBackground(dark)).toBe('rgb(22, 25, 29)');
    await Promise.all([light.close(), dark.close()]);
  });

  it('finds violations where there are some (the checker itself works)', async () => {
    const page = await open('options.html', 'light');
    await page.locator('[data-testid=signed-in-as]').waitFor();
    await page.evaluate(() => {
      const bad = document.createElement('div');
      bad.innerHTML = '<button></button><p style="color:#ccc;background:#fff">faint text</p>';
      document.body.append(bad);
    });
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(['button-name', 'color-contrast']);
    await page.close();

    await article.bringToFront();
    const ui = await OutloudUi.attach(article);
    await poll(() => ui.count('[data-outloud=pill]')).toBe(1);
    await ui.detach();
    const cdp = await article.context().newCDPSession(article);
    const objectId = await overlayRoot(cdp);
    const inject = (fn: string) =>
      cdp.send('Runtime.callFunctionOn', { objectId, functionDeclaration: fn });
    await inject(`function () {
      const b = document.createElement('button');
      b.id = 'a11y-probe';
      b.style.cssText = 'position:fixed;left:5px;top:5px;width:20px;height:20px';
      this.firstElementChild.append(b);
    }`);
    try {
      expect((await overlayViolations(article)).map((v) => v.id)).toEqual(['button-name']);
    } finally {
      await inject(`function () { this.getElementById('a11y-probe')?.remove(); }`);
      await cdp.detach();
    }
  });

  for (const scheme of SCHEMES) {
    it(`popup, every tab (${scheme})`, async () => {
      const popup = await open(`popup.html?tab=${tabId}`, scheme);
      await popup.locator('#bm-tags').waitFor();
      await popup
        .locator('fieldset.audience')
        .getByRole('checkbox', { name: GROUP_NAME })
        .waitFor();
      await popup.getByText('Your network on this page').waitFor();
      await popup.locator('.people li').first().waitFor();
      await expectClean('popup: this page', axeViolations(popup).then(describeViolations));
      for (const tab of ['Status', 'Feed', 'Notifications', 'Groups']) {
        await popup.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        if (tab === 'Groups') {
          // Ada's closed group opened: members with roles, a request, a flag, the forms.
          await popup.locator(`[data-toggle="${groupId}"]`).click();
          await popup.locator('[data-request=elin]').waitFor();
          await popup.locator('.flags > li').first().waitFor();
          await popup.locator('section[aria-labelledby=groups-open-title] li').first().waitFor();
          // Her owner's controls open: the edit form and the question before deleting.
          await popup.locator(`[data-edit-group="${groupId}"]`).click();
          await popup.locator(`#group-${groupId}-edit`).waitFor();
          await popup.locator(`[data-delete-group="${groupId}"]`).click();
          await popup.locator(`#group-${groupId}-delete-question`).waitFor();
        } else if (tab === 'Status') {
          await popup.locator('#status-text').fill('Asking @el');
          await popup.locator('#status-text').press('ArrowLeft');
          await popup.locator('#status-text').press('ArrowRight');
          await popup.getByRole('option').first().waitFor();
          // The audience picker offers ada's group.
          await popup.getByRole('checkbox', { name: GROUP_NAME }).waitFor();
        } else {
          await popup.locator('article.item').first().waitFor();
        }
        await expectClean(`popup: ${tab}`, axeViolations(popup).then(describeViolations));
      }
      await popup.close();
    });

    it(`options page (${scheme})`, async () => {
      const options = await open('options.html', scheme);
      await options.locator('[data-testid=signed-in-as]').waitFor();
      await options.getByRole('button', { name: 'Export my bookmarks' }).waitFor();
      await expectClean('options', axeViolations(options).then(describeViolations));
      await options.close();
    });

    it(`side panel with the page's discussion (${scheme})`, async () => {
      const panel = await open(`sidepanel.html?tab=${tabId}`, scheme);
      await panel.locator('[data-section=snippets]').waitFor();
      // Greta's snippet is shared with a group: its label is part of what is checked.
      expect(await panel.locator('[data-outloud=group-label]').textContent()).toBe(GROUP_NAME);
      await panel.locator('.comment').first().waitFor();
      await panel.getByRole('button', { name: 'Reply' }).first().click();
      await expectClean('side panel', axeViolations(panel).then(describeViolations));
      await panel.close();
    });

    it(`page overlay, hover card and snippet composer (${scheme})`, async () => {
      await article.emulateMedia({ colorScheme: scheme });
      await article.bringToFront();
      const ui = await OutloudUi.attach(article);
      await poll(() => ui.count('[data-outloud=pill]')).toBe(1);
      await expectClean('overlay: pill', overlayViolations(article).then(describeViolations));

      if ((await ui.attr('[data-outloud=more]', 'aria-expanded')) !== 'true') {
        await ui.click('[data-outloud=more]');
      }
      await poll(() => ui.count('.panel')).toBe(1);
      expect(await ui.text('.panel [data-outloud=group-label]')).toBe(GROUP_NAME);
      await expectClean('overlay: panel', overlayViolations(article).then(describeViolations));

      const quote = article.locator('blockquote');
      await quote.hover();
      await poll(() => ui.count('[data-outloud=card]')).toBe(1);
      await expectClean('overlay: card', overlayViolations(article).then(describeViolations));

      await selectText(article, QUOTES.greta.slice(0, 40));
      await poll(() => ui.count('[data-outloud=share-selection]')).toBe(1);
      await ui.click('[data-outloud=share-selection]');
      await poll(() => ui.count('[data-outloud=composer]')).toBe(1);
      // ada's groups are offered (the Metrics guild, and the Design guild once it is known).
      await poll(() => ui.count('[data-outloud=audience] input[type=checkbox]')).toBeGreaterThan(0);
      await article.keyboard.type('Worth a look @br');
      await poll(() => ui.count('[data-outloud=mentions] [role=option]')).toBeGreaterThan(0);
      await expectClean('composer', overlayViolations(article).then(describeViolations));
      await article.keyboard.press('Escape');
      await article.keyboard.press('Escape');
      await poll(() => ui.count('[data-outloud=composer]')).toBe(0);

      const surface = await ui.style('.pill', 'background-color');
      expect(surface).toBe(scheme === 'dark' ? 'rgb(38, 38, 43)' : 'rgb(255, 255, 255)');
      await ui.detach();
    });
  }
});

describe('in Swedish', () => {
  let context: BrowserContext | undefined;
  let profile = '';

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('loads the Swedish messages, marks the pages lang="sv" and passes axe', async () => {
    // Chromium on Linux takes its languages from the environment, as a Swedish desktop sets it.
    profile = await mkdtemp(path.join(tmpdir(), 'outloud-sv-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      env: { ...process.env, LANGUAGE: 'sv', LANG: 'sv_SE.UTF-8' },
      args: [
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--lang=sv',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    // The welcome tab (options.html) opens on install; let it finish before opening pages.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const welcome = context.pages().find((p) => p.url().endsWith('/options.html'));
      if (welcome) {
        await welcome.waitForLoadState('load');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [page, heading] of [
      ['options.html', 'Inställningar för Outloud'],
      ['popup.html', 'Du är inte inloggad på någon Outloud-server än.'],
    ]) {
      const tab = await context.newPage();
      await tab.goto(`chrome-extension://${id}/${page}`);
      await tab.getByText(heading!).waitFor();
      expect(await tab.evaluate(() => document.documentElement.lang)).toBe('sv');
      expect(describeViolations(await axeViolations(tab)), page).toEqual([]);
      await tab.close();
    }
  });
});
