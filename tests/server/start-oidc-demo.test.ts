/**
 * `npm start -- --oidc-demo` as a real process (scripts/start.ts through tsx, building into a
 * temporary folder, a temporary database, free ports): the bundled test OpenID provider serves
 * discovery beside the server, the server says `oidc: true` with the demo organisation's name,
 * and signing in at the provider as `ada` (no password) ends signed in as the seeded @ada.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { ROOT } from '../../scripts/build.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { NodeBrowser } from '../oidc/browser.ts';

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

it('--oidc-demo serves the provider beside a server configured for it', {
  timeout: 240_000,
}, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'outloud-oidc-demo-'));
  // The server bundle imports its packages from node_modules, so it is built inside the project
  // (tmp/ is git-ignored), not in the system's temporary folder.
  await mkdir(path.join(ROOT, 'tmp'), { recursive: true });
  const dist = await mkdtemp(path.join(ROOT, 'tmp', 'oidc-demo-dist-'));
  const db = path.join(dir, 'o.db');
  const port = await freePort();
  const idpPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--oidc-demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      OUTLOUD_PORT: String(port),
      OUTLOUD_OIDC_DEMO_PORT: String(idpPort),
      OUTLOUD_DB: db,
      OUTLOUD_BUILD_DIR: dist,
      OUTLOUD_LOG_LEVEL: 'warn',
    },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    const printed: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`start exited with ${code}: ${stderr}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        printed.push(line);
        const match = /^outloud-server listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (match) resolve(match[1]!);
      });
    });
    const issuer = `http://127.0.0.1:${idpPort}`;
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const text = printed.join('\n');
    expect(text).toContain(`OpenID Connect, ${issuer}`);
    expect(text).toContain('"Sign in with Outloud Demo"');
    expect(text).toMatch(/type a demo\s+person's handle \(no password\): ada, bruno, chen/);
    expect(text).toContain(`On the web (no extension needed): open ${url}/ and choose`);

    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const meta = (await discovery.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(issuer);
    expect(meta.authorization_endpoint).toBe(`${issuer}/auth`);

    const config = await fetch(`${url}/v1/auth/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({
      organisation: 'Outloud Demo',
      oidc: true,
      tokenSignIn: true,
    });

    // The whole journey over the network: the provider's login `ada` (no password) ends signed in
    // as the seeded @ada, not a new person.
    const verifier = randomBytes(32).toString('base64url');
    const extension = `https://${'a'.repeat(32)}.chromiumapp.org`;
    const landed = await new NodeBrowser().signIn(
      `${url}/auth/start?${new URLSearchParams({
        redirect_uri: `${extension}/cb`,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      })}`,
      'ada',
      (to) => to.origin === extension,
    );
    const code = landed.searchParams.get('code');
    expect(code).toBeTruthy();
    const token = await fetch(`${url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, code_verifier: verifier, device: 'Chrome on Linux' }),
    });
    expect(token.status).toBe(200);
    const answer = (await token.json()) as { token: string; person: { handle: string } };
    expect(answer.person.handle).toBe('ada');

    const conn = openDatabase(db);
    try {
      const ada = await conn.kysely
        .selectFrom('identities')
        .select(['handle', 'subject'])
        .where('issuer', '=', issuer)
        .where('subject', '=', 'demo-ada')
        .executeTakeFirst();
      expect(ada).toEqual({ handle: 'ada', subject: 'demo-ada' });
    } finally {
      await conn.close();
    }

    child.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    await rm(dist, { recursive: true, force: true });
  }
});
