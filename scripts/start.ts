/**
 * `npm start`: builds the extension and the server, seeds the demo organisation into the
 * database when it is empty, starts the server and prints how to load the extension and sign
 * in (the server URL and a demo token, which the options page takes), and the address of the
 * web pages (the stream, permalinks), which take the same token or the demo's OpenID Connect.
 *
 * `npm start -- --oidc-demo`: the same, and beside the server the bundled test OpenID provider
 * (tests/oidc/provider.ts, oidc-provider) on 127.0.0.1 at OUTLOUD_OIDC_DEMO_PORT (default the
 * server's port + 1, so its issuer stays the same from run to run) with one account per demo
 * person (the login is the handle, no password); each is linked to the seeded person, so
 * signing in as `ada` is the demo's @ada. The server gets OUTLOUD_PUBLIC_URL, OUTLOUD_ORG_NAME
 * and OUTLOUD_OIDC_* for it. OUTLOUD_BUILD_DIR builds somewhere other than dist/ (the tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEMO_PEOPLE } from '../src/server/cli/demo-data.ts';
import { connect } from '../src/server/db/index.ts';
import type { TestProvider } from '../tests/oidc/provider.ts';
import { build, DIST, ROOT } from './build.ts';

const port = process.env.OUTLOUD_PORT ?? '8787';
const host = process.env.OUTLOUD_HOST ?? '127.0.0.1';
const db = process.env.OUTLOUD_DB ?? path.join(ROOT, 'data/outloud.db');
const oidcDemo = process.argv.slice(2).includes('--oidc-demo');
const DEMO_ORG = 'Outloud Demo';

const out = await build(process.env.OUTLOUD_BUILD_DIR ?? DIST);
const cli = path.join(out.server, 'cli.js');

/**
 * Runs a CLI command to completion; returns its stdout lines. Its stderr (what it says to a
 * person) is shown only when it fails: on success this script says it in its own words.
 */
function runCli(args: string[]): { ok: boolean; lines: string[] } {
  const result = spawnSync(process.execPath, [cli, ...args, '--db', db], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ok = result.status === 0;
  if (!ok) process.stderr.write(result.stderr ?? '');
  const lines = (result.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  return { ok, lines };
}

type Token = { handle: string; token: string };

/**
 * Tokens to sign in with: a fresh demo's tokens (the first to sign in with, the others for a
 * second browser profile), else a new token for the demo's `ada`.
 */
function signInTokens(): Token[] {
  const demo = runCli(['demo']);
  const seeded = demo.ok
    ? demo.lines.map((l) => l.split('\t')).filter((parts) => parts.length === 2)
    : [];
  if (seeded.length) {
    console.log(`The database was empty: seeded a demo organisation of ${seeded.length} people.`);
    return seeded.map(([handle, token]) => ({ handle: handle!, token: token! }));
  }
  if (demo.ok) console.log('The database already has people: no demo data added.');
  const fresh = runCli(['tokens', 'create', '--handle', 'ada']);
  return fresh.ok && fresh.lines[0] ? [{ handle: 'ada', token: fresh.lines[0] }] : [];
}

const [signIn, ...others] = signInTokens();
const otherLines = others.length
  ? `\nThe other demo people's tokens, for a second browser profile (shown once):\n${others
      .map((o) => `  @${o.handle.padEnd(8)} ${o.token}`)
      .join('\n')}\n`
  : '';
const serverUrl = `http://${host}:${port}`;
/** The web face's stream (`src/web`): the same server, signed in with a token or OIDC. */
const webUrl = `${serverUrl}/`;

/**
 * Starts the demo provider with an account per demo person (login = handle) and links each
 * seeded person to their account's subject, so the provider's `ada` signs in as @ada.
 */
async function startDemoProvider(): Promise<TestProvider> {
  // Loaded only for the demo: oidc-provider warns about Node 20 as soon as it is imported.
  const { startTestProvider } = await import('../tests/oidc/provider.ts');
  const idp = await startTestProvider({
    redirectUris: [`${serverUrl}/auth/callback`],
    clientId: 'outloud-demo',
    clientSecret: null,
    port: Number(process.env.OUTLOUD_OIDC_DEMO_PORT ?? Number(port) + 1),
  });
  const conn = await connect(db);
  try {
    const now = new Date().toISOString();
    for (const person of DEMO_PEOPLE) {
      const email = `${person.handle}@demo.outloud.test`;
      const subject = `demo-${person.handle}`;
      idp.addAccount(person.handle, {
        sub: subject,
        preferred_username: person.handle,
        name: person.name,
        email,
        email_verified: true,
      });
      const seeded = await conn.kysely
        .selectFrom('users')
        .select('handle')
        .where('handle', '=', person.handle)
        .executeTakeFirst();
      if (!seeded) continue;
      await conn.kysely
        .insertInto('identities')
        .values({ issuer: idp.issuer, subject, handle: person.handle, email, created_at: now })
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
        .execute();
    }
  } finally {
    await conn.close();
  }
  return idp;
}

const idp = oidcDemo ? await startDemoProvider() : null;

if (idp) {
  const logins = DEMO_PEOPLE.map((p) => p.handle);
  console.log(`
Outloud is built.

  Chrome / Chromium / Edge: open chrome://extensions, turn on Developer mode,
    "Load unpacked" and choose ${out.chrome}
  Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…"
    and choose ${path.join(out.firefox, 'manifest.json')}

Sign in with the demo identity provider (OpenID Connect, ${idp.issuer}):
  open the extension's options page, enter the server ${serverUrl}
  and choose "Sign in with ${DEMO_ORG}". At the provider's login page type a demo
  person's handle (no password): ${logins.slice(0, 3).join(', ')} … ${logins.at(-1)}
  ("${logins[0]}" is the demo's @${logins[0]}, with their bookmarks and network).
  Token sign-in still works too: ${signIn ? `${signIn.token}   (@${signIn.handle})` : '(no token)'}

On the web (no extension needed): open ${webUrl} and choose "Sign in with ${DEMO_ORG}"
  (or sign in there with the token).

Starting the server on ${serverUrl} (database: ${db}). Ctrl+C stops both.
`);
} else {
  console.log(`
Outloud is built.

  Chrome / Chromium / Edge: open chrome://extensions, turn on Developer mode,
    "Load unpacked" and choose ${out.chrome}
  Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…"
    and choose ${path.join(out.firefox, 'manifest.json')}

Sign in: open the extension's options page and enter
  server  ${serverUrl}
  token   ${signIn ? `${signIn.token}   (demo person @${signIn.handle})` : '(none: add a person with `npm run server -- users add --handle you --name "You"`)'}
${otherLines}
On the web (no extension needed): open ${webUrl} and sign in with the same token.

Starting the server on ${serverUrl} (database: ${db}). Ctrl+C stops it.
`);
}

const oidcEnv = idp
  ? {
      OUTLOUD_PUBLIC_URL: serverUrl,
      OUTLOUD_ORG_NAME: DEMO_ORG,
      OUTLOUD_OIDC_ISSUER: idp.issuer,
      OUTLOUD_OIDC_CLIENT_ID: idp.clientId,
    }
  : {};
const server = spawn(process.execPath, [cli, 'serve', '--port', port, '--host', host, '--db', db], {
  stdio: 'inherit',
  env: { ...process.env, ...oidcEnv },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', async (code) => {
  await idp?.close();
  process.exit(code ?? 0);
});
