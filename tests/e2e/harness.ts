/**
 * End-to-end harness: launches Debian Chromium with the built extension in a fresh profile,
 * serves fixture pages on 127.0.0.1 and starts the real server on an ephemeral port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type Worker,
} from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = path.join(ROOT, 'dist/chrome');
export const FIXTURES_DIR = path.join(ROOT, 'tests/fixtures');
export const SERVER_CLI = path.join(ROOT, 'dist/server/cli.js');

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Headless Chromium without the extension (a colleague's browser), no network but 127.0.0.1. */
export function launchPlainChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
}

export type ExtensionBrowser = {
  context: BrowserContext;
  extensionId: string;
  /** The current service worker (a fresh handle after the worker was stopped and woke up). */
  worker(): Promise<Worker>;
  /** Opens an extension page (`popup.html`, `options.html?x=y`, …) in a new tab. */
  openPage(pathAndQuery: string): Promise<Page>;
  /** Stops every service worker through CDP, as Chrome does when it idles one out. */
  stopServiceWorkers(): Promise<void>;
  /** Closes the browser and launches it again on the same profile, as a person restarting it. */
  relaunch(): Promise<ExtensionBrowser>;
  close(): Promise<void>;
};

/** How to launch Chromium with the extension. */
export type LaunchOptions = {
  /** A profile to use (and keep); by default a fresh one, removed on `close`. */
  profileDir?: string;
  /** The browser's UI language (`sv`): what `chrome.i18n` picks. */
  lang?: string;
  /** The unpacked extension to load (default `dist/chrome`). */
  extensionDir?: string;
  /** More Chromium switches (a bench's `--remote-debugging-port`, say). */
  args?: string[];
  /** Chromium preferences written into the fresh profile first (`Default/Preferences`). */
  preferences?: object;
};

/** Launches Chromium with `dist/chrome` loaded in a fresh profile. */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profileDir = options.profileDir ?? (await mkdtemp(path.join(tmpdir(), 'outloud-profile-')));
  return launchIn(profileDir, !options.profileDir, options);
}

/** `launchExtension` in `profileDir`, which `close` removes when the browser `owns` it. */
async function launchIn(
  profileDir: string,
  owns: boolean,
  options: LaunchOptions,
): Promise<ExtensionBrowser> {
  if (options.preferences) {
    await mkdir(path.join(profileDir, 'Default'), { recursive: true });
    await writeFile(
      path.join(profileDir, 'Default', 'Preferences'),
      JSON.stringify(options.preferences),
    );
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    // On Linux Chromium takes its UI language from LANGUAGE (`--lang` is for Windows).
    ...(options.lang ? { env: { ...process.env, LANGUAGE: options.lang } } : {}),
    args: [
      ...(options.lang ? [`--lang=${options.lang}`] : []),
      `--disable-extensions-except=${options.extensionDir ?? EXTENSION_DIR}`,
      `--load-extension=${options.extensionDir ?? EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ...(options.args ?? []),
    ],
  });
  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(firstWorker.url()).host;
  const isOurs = (w: Worker) => new URL(w.url()).host === extensionId;

  return {
    context,
    extensionId,
    async worker() {
      return (
        context.serviceWorkers().find(isOurs) ??
        (await context.waitForEvent('serviceworker', { predicate: isOurs }))
      );
    },
    async openPage(pathAndQuery) {
      const page = await context.newPage();
      const url = `chrome-extension://${extensionId}/${pathAndQuery}`;
      try {
        await page.goto(url);
      } catch (error) {
        // A first install opens the options page itself (`runtime.openOptionsPage`), which may
        // take over this very tab while it loads: let that finish, then be where we meant to be.
        if (!/interrupted by another navigation/.test(String(error))) throw error;
        await page.waitForLoadState('load');
        if (page.url() !== url) await page.goto(url);
      }
      return page;
    },
    async stopServiceWorkers() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async relaunch() {
      await context.close();
      return launchIn(profileDir, owns, { ...options, preferences: undefined });
    },
    async close() {
      await context.close();
      if (owns) await rm(profileDir, { recursive: true, force: true });
    },
  };
}

export type FixtureServer = { origin: string; url(p: string): string; close(): Promise<void> };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/**
 * Serves `tests/fixtures/` on 127.0.0.1. A file `x.html.headers.json` next to `x.html` adds
 * response headers (a strict CSP, say).
 */
export async function serveFixtures(root = FIXTURES_DIR): Promise<FixtureServer> {
  const server: Server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, path.normalize(pathname === '/' ? '/index.html' : pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const extra = await readFile(`${file}.headers.json`, 'utf8').then(
        (t) => JSON.parse(t) as Record<string, string>,
        () => ({}),
      );
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        ...extra,
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => new URL(p, origin).toString(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type RunningServer = {
  url: string;
  dbPath: string;
  process: ChildProcess;
  /** Runs another CLI command against the same database; resolves with its stdout. */
  cli(args: string[]): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/** Runs `outloud-server <args>` from the built bundle and resolves with its stdout. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`outloud-server ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

/**
 * Starts the built server on an ephemeral port of 127.0.0.1 (or `port`) with a fresh SQLite
 * database (or `dbPath`, to restart on the same data), with `env` added to its environment
 * (OpenID Connect settings, say).
 */
export async function startServer(
  options: { dbPath?: string; port?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  const dbPath =
    options.dbPath ?? path.join(await mkdtemp(path.join(tmpdir(), 'outloud-db-')), 'outloud.db');
  const child = spawn(
    process.execPath,
    [
      SERVER_CLI,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--db',
      dbPath,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
  child.stdout.resume();
  return {
    url,
    dbPath,
    process: child,
    cli: (args) => runCli([...args, '--db', dbPath]),
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
