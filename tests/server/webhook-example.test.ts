/**
 * The README's example receiver (`docs/webhook-receiver.mjs`) works against the real server:
 * a hook pointed at it gets a shared bookmark through (verified, logged once); a forged, a
 * moved and a replayed signature are refused with 401.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRanges } from '../../src/server/webhooks/address.ts';
import { sign } from '../../src/server/webhooks/signature.ts';
import { call, databases, newId, useServer } from './helpers.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../../docs/webhook-receiver.mjs');

/** Starts the example with `secret`; resolves with its URL and what it printed so far. */
async function startExample(secret: string) {
  const child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, OUTLOUD_WEBHOOK_SECRET: secret, PORT: '0' },
    stdio: 'pipe',
  });
  let out = '';
  child.stdout?.on('data', (c) => {
    out += String(c);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`example did not start: ${out}`)), 10_000);
    child.stdout?.on('data', () => {
      const match = /listening on port (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
  });
  return { child, url, output: () => out };
}

describe.each(databases())('the example receiver on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: ['bo', 'cy'],
    webhooks: {
      deliver: true,
      policy: { org: [], all: parseRanges('127.0.0.1', 'test') },
      pollMs: 20,
      retryBaseMs: 40,
      timeoutMs: 1_000,
    },
  });
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
  });

  it('verifies what the server sends and refuses forged and replayed requests', async () => {
    // The hook first (its secret is shown once), then the receiver started with it.
    const made = await call(t, 'POST', '/v1/webhooks', {
      token: tokens.bo,
      body: { url: 'http://127.0.0.1:9/placeholder', format: 'json', events: ['item.shared'] },
    });
    expect(made.statusCode).toBe(201);
    const { secret, webhook } = made.json() as { secret: string; webhook: { id: string } };
    const example = await startExample(secret);
    child = example.child;
    await t.db.kysely
      .updateTable('webhooks')
      .set({ url: `${example.url}/` })
      .where('id', '=', webhook.id)
      .execute();
    await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo });
    const id = newId();
    await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.cy,
      body: { url: `https://example.com/${id}`, title: 'Shared' },
    });
    const deadline = Date.now() + 15_000;
    while (!example.output().includes('item.shared by @cy') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(example.output()).toContain(`item.shared by @cy: https://example.com/${id}`);

    const body = JSON.stringify({ id: 'e-1', type: 'test', actor: null, item: null });
    const now = Math.floor(Date.now() / 1000);
    const send = (ts: number, signature: string, payload = body) =>
      fetch(example.url, {
        method: 'POST',
        headers: { 'x-outloud-timestamp': String(ts), 'x-outloud-signature': signature },
        body: payload,
      }).then((r) => r.status);
    expect(await send(now, sign(secret, now, body))).toBe(204);
    expect(await send(now, sign(secret, now, body), body.replace('test', 'forged'))).toBe(401);
    expect(await send(now, sign('whsec_other', now, body))).toBe(401);
    expect(await send(now + 1, sign(secret, now, body))).toBe(401);
    expect(await send(now - 600, sign(secret, now - 600, body))).toBe(401);
    // A repeat of a handled id is acknowledged and not handled again.
    expect(await send(now, sign(secret, now, body))).toBe(204);
    expect(example.output().match(/test by someone/g)).toHaveLength(1);
  });
});
