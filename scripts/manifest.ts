/** Derives the per-browser extension manifests from the one root `manifest.json`. */

export type Manifest = Record<string, unknown> & {
  background?: Record<string, unknown>;
  permissions?: string[];
};

export const GECKO_ID = 'outloud@outloud.dev';

/**
 * The oldest Firefox the build installs on: ESR 140, the version managed organisations run.
 * It is what the code really needs, no more: `tests/unit/scripts/firefox-min-version.test.ts` checks
 * every extension API, manifest key and web API the code uses against MDN's compatibility data
 * (`browser_specific_settings.gecko.data_collection_permissions` arrived in 140). esbuild
 * lowers syntax for the same version.
 */
export const FIREFOX_MIN_VERSION = '140.0';

/** Chrome: the root manifest as it is (MV3 service worker, side panel). */
export function chromeManifest(base: Manifest): Manifest {
  return structuredClone(base);
}

/**
 * Firefox: background scripts instead of a service worker, a sidebar instead of Chrome's side
 * panel, no `storage.managed_schema` (Firefox takes managed settings from its enterprise
 * policies) and the gecko settings AMO requires.
 */
export function firefoxManifest(base: Manifest): Manifest {
  const m = structuredClone(base);
  const worker = m.background?.service_worker;
  m.background = { scripts: [worker] };
  const sidePanel = m.side_panel as { default_path?: string } | undefined;
  delete m.side_panel;
  if (sidePanel?.default_path) {
    m.sidebar_action = {
      default_panel: sidePanel.default_path,
      default_title: '__MSG_sidepanelTitle__',
      default_icon: 'icons/icon-32.png',
      open_at_install: false,
    };
  }
  m.permissions = (m.permissions ?? []).filter((p) => p !== 'sidePanel');
  // Firefox reads managed storage from enterprise policies (`3rdparty`), without a schema.
  delete m.storage;
  delete m.minimum_chrome_version;
  m.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ['bookmarksInfo', 'websiteContent'] },
    },
  };
  return m;
}

/** The managed-storage schema file a manifest names (Chrome's), or null. */
export function managedSchemaFile(m: Manifest): string | null {
  const schema = (m.storage as { managed_schema?: unknown } | undefined)?.managed_schema;
  return typeof schema === 'string' ? schema : null;
}
