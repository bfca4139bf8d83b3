/** The per-browser manifests derived from the root manifest. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chromeManifest,
  firefoxManifest,
  GECKO_ID,
  type Manifest,
  managedSchemaFile,
} from '../../../scripts/manifest.ts';

const base = JSON.parse(
  readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'),
) as Manifest;

describe('derived manifests', () => {
  it('keeps the service worker and side panel for Chrome', () => {
    const m = chromeManifest(base);
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(m.permissions).toContain('sidePanel');
  });

  it('gives Firefox background scripts, a sidebar and gecko settings', () => {
    const m = firefoxManifest(base);
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m.side_panel).toBeUndefined();
    expect(m.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
    expect(m.permissions).not.toContain('sidePanel');
    expect(m.browser_specific_settings).toMatchObject({ gecko: { id: GECKO_ID } });
    expect(m.minimum_chrome_version).toBeUndefined();
  });

  it('gives Chrome the managed-storage schema and Firefox none (it reads enterprise policies)', () => {
    expect(managedSchemaFile(chromeManifest(base))).toBe('managed-schema.json');
    expect(managedSchemaFile(firefoxManifest(base))).toBeNull();
    const schema = JSON.parse(
      readFileSync(new URL('../../../assets/managed-schema.json', import.meta.url), 'utf8'),
    ) as { type: string; properties: Record<string, { type: string }> };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual([
      'excludedSites',
      'localCopyBudget',
      'lookupMode',
      'oneClickSignIn',
      'preferOidc',
      'serverUrl',
    ]);
  });

  it('asks both browsers for the identity permission (the organisation sign-in)', () => {
    expect(chromeManifest(base).permissions).toContain('identity');
    expect(firefoxManifest(base).permissions).toContain('identity');
  });

  it('does not change the root manifest', () => {
    const before = JSON.stringify(base);
    firefoxManifest(base);
    expect(JSON.stringify(base)).toBe(before);
  });
});
