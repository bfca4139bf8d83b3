/**
 * The round-trip half of the fuzzer: any valid string (every Unicode scalar value but U+0000,
 * emoji sequences, RTL and bidi controls, combining marks, exactly at the length limits) in
 * every free-text field of every item type is stored and returned byte for byte, through the
 * single routes and through `POST /v1/sync`. NUL and lone surrogates, which PostgreSQL's `text`
 * cannot hold and UTF-8 cannot encode, are refused with a 400 naming the field, nothing stored,
 * on both databases; in a sync batch only that mutation is refused.
 */

import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { LIMITS } from '../../src/core/limits.ts';
import { isVisibleTag } from '../../src/core/tags.ts';

/** Sends one request to the app under test (counting it). */
export type Sender = (request: InjectOptions) => Promise<LightMyRequestResponse>;

const VALID_EXTREMES = [
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\u202e\u2066bidi\u2069',
  'שלום عالم',
  'e\u0301\u0301',
  '\ufeff\u200b',
  '\u0001\u001f\u007f\r\n\t',
  '\ud83d\ude00',
  '\u{10ffff}\u{e000}',
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '  padded  ',
];

/** A valid string of `min`–`max` code points (NUL removed: it is refused, tested apart). */
function validText(min: number, max: number): fc.Arbitrary<string> {
  const short = Math.min(max, 60);
  return fc
    .oneof(
      fc.string({ unit: 'binary', minLength: min, maxLength: short }),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: short }),
      fc.constantFrom(...VALID_EXTREMES),
      fc.constantFrom('😀', 'é', 'x', '\u{1d11e}').map((c) => c.repeat(max)),
    )
    .map((s) => s.replaceAll('\u0000', ''))
    .filter((s) => [...s].length >= min && [...s].length <= max);
}

type Kind = 'bookmarks' | 'snippets' | 'statuses' | 'comments';

/**
 * A random valid body for `kind`. URLs are unique per run (ids are drawn fresh inside each run,
 * not by fast-check, which would shrink them all to one id), so bookmarks never clash.
 */
function validBody(kind: Kind, target: string): fc.Arbitrary<Record<string, unknown>> {
  const url = 'https://fuzz.example/rt/';
  const title = validText(0, LIMITS.title);
  switch (kind) {
    case 'bookmarks':
      return fc.record({
        url: fc.constant(url),
        title,
        description: validText(0, LIMITS.description),
        // A tag needs a visible character (`src/core/tags.ts`; refused otherwise, tested there).
        tags: fc.array(validText(1, LIMITS.tag).filter(isVisibleTag), { maxLength: LIMITS.tags }),
      });
    case 'snippets':
      return fc.record({
        url: fc.constant(url),
        title,
        quote: fc.record(
          {
            exact: validText(1, LIMITS.quote),
            prefix: validText(0, LIMITS.quoteContext),
            suffix: validText(0, LIMITS.quoteContext),
            start: fc.nat(),
            end: fc.nat(),
          },
          { requiredKeys: ['exact'] },
        ),
        comment: validText(0, LIMITS.comment),
      });
    case 'statuses':
      return fc.record({
        text: validText(1, LIMITS.statusText),
        title,
        question: fc.boolean(),
      });
    case 'comments':
      return fc.record({ targetId: fc.constant(target), text: validText(1, LIMITS.comment) });
  }
}

/**
 * What the server is documented to do to a body: tags trimmed, emptied ones dropped, and a tag
 * equal to an earlier one but for case dropped (written out here, not taken from `tags.ts`).
 */
function expected(body: Record<string, unknown>): Record<string, unknown> {
  const { url: _url, ...rest } = body;
  if (!Array.isArray(rest.tags)) return rest;
  const tags = (rest.tags as string[])
    .map((t) => t.trim())
    .filter(
      (t, i, all) => t !== '' && all.findIndex((o) => o.toLowerCase() === t.toLowerCase()) === i,
    );
  return { ...rest, tags };
}

const KINDS: Kind[] = ['bookmarks', 'snippets', 'statuses', 'comments'];
const TYPE_OF: Record<Kind, string> = {
  bookmarks: 'bookmark',
  snippets: 'snippet',
  statuses: 'status',
  comments: 'comment',
};
/** The free-text field of each kind where the bad-character property plants its character. */
const TEXT_FIELD: Record<Kind, string[]> = {
  bookmarks: ['title', 'description', 'tags/0'],
  snippets: ['title', 'quote/exact', 'quote/prefix', 'comment'],
  statuses: ['text', 'title'],
  comments: ['text'],
};

function plant(body: Record<string, unknown>, field: string, bad: string) {
  const copy = structuredClone(body);
  const [head, sub] = field.split('/') as [string, string | undefined];
  if (head === 'tags') copy.tags = [`a${bad}b`];
  else if (sub) (copy[head] as Record<string, unknown>)[sub] = `a${bad}b`;
  else copy[head] = `a${bad}b`;
  return copy;
}

/** Runs the round-trip properties against the app behind `send` as the holder of `token`. */
export async function roundTrips(send: Sender, token: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const target = crypto.randomUUID();
  const created = await send({
    method: 'PUT',
    url: `/v1/statuses/${target}`,
    headers: auth,
    payload: { text: 'comment on me' },
  });
  expect(created.statusCode).toBe(201);
  const get = async (kind: Kind, id: string) =>
    send({ method: 'GET', url: `/v1/${kind}/${id}`, headers: auth });

  /** A fresh id, and the body with a URL of its own. */
  const fresh = (body: Record<string, unknown>): [string, Record<string, unknown>] => {
    const id = crypto.randomUUID();
    return [id, typeof body.url === 'string' ? { ...body, url: `${body.url}${id}` } : body];
  };

  const item = fc
    .constantFrom(...KINDS)
    .chain((kind) => fc.tuple(fc.constant(kind), validBody(kind, target)));
  await fc.assert(
    fc.asyncProperty(item, fc.boolean(), async ([kind, drawn], viaSync) => {
      const [id, body] = fresh(drawn);
      let answer: unknown;
      if (viaSync) {
        const mutation = { id, op: 'put', type: TYPE_OF[kind], data: body };
        const res = await send({
          method: 'POST',
          url: '/v1/sync',
          headers: auth,
          payload: { mutations: [mutation] },
        });
        expect(res.statusCode, res.body).toBe(200);
        const [result] = res.json().results;
        expect(result.status, JSON.stringify(result)).toBe(201);
        answer = result.body;
      } else {
        const res = await send({
          method: 'PUT',
          url: `/v1/${kind}/${id}`,
          headers: auth,
          payload: body,
        });
        expect(res.statusCode, res.body).toBe(201);
        answer = res.json();
      }
      const stored = await get(kind, id);
      expect(stored.statusCode).toBe(200);
      expect(stored.json()).toMatchObject(expected(body));
      expect(stored.json()).toEqual(answer);
    }),
    { numRuns: 250 },
  );

  const bad = fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00\ud800');
  const planted = fc
    .tuple(fc.constantFrom(...KINDS), bad)
    .chain(([kind, ch]) =>
      fc.tuple(
        fc.constant(kind),
        fc.constantFrom(...TEXT_FIELD[kind]),
        fc.constant(ch),
        validBody(kind, target),
      ),
    );
  await fc.assert(
    fc.asyncProperty(planted, fc.boolean(), async ([kind, field, ch, drawn], viaSync) => {
      const [id, body] = fresh(drawn);
      const data = plant(body, field, ch);
      if (viaSync) {
        const good = { id: crypto.randomUUID(), op: 'put', type: 'status', data: { text: 'ok' } };
        const mutations = [{ id, op: 'put', type: TYPE_OF[kind], data }, good];
        const res = await send({
          method: 'POST',
          url: '/v1/sync',
          headers: auth,
          payload: { mutations },
        });
        expect(res.statusCode, res.body).toBe(200);
        const [refused, accepted] = res.json().results;
        expect(refused.status, JSON.stringify(refused)).toBe(400);
        expect(refused.body.error.message).toMatch(new RegExp(`^body/${field} `));
        expect(accepted.status).toBe(201);
      } else {
        const res = await send({
          method: 'PUT',
          url: `/v1/${kind}/${id}`,
          headers: auth,
          payload: data,
        });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error.message).toMatch(new RegExp(`^body/${field} `));
      }
      expect((await get(kind, id)).statusCode).toBe(404);
    }),
    { numRuns: 120 },
  );

  for (const q of ['/v1/people?q=a%00', '/v1/search?q=a%00b']) {
    const res = await send({ method: 'GET', url: q, headers: auth });
    expect(res.statusCode, `${q} ${res.body}`).toBe(400);
    expect(res.json().error.message).toMatch(/^querystring\/q /);
  }
}
