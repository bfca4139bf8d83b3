/** People and follows: the directory's prefix search, following, the network, on every database. */
import { describe, expect, it } from 'vitest';
import { addUser, call, databases, useServer } from './helpers.ts';

describe.each(databases())('people and follows on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: { ada: 'Ada Lindqvist', adam: 'Adam Smith', bo: 'Bo Adler', cy: 'Cy 100%_done' },
  });

  const people = async (q: string, limit?: number) => {
    const qs = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
    const res = await call(t, 'GET', `/v1/people?${qs}`, { token: tokens.ada });
    expect(res.statusCode).toBe(200);
    return (res.json().items as Array<{ handle: string }>).map((p) => p.handle);
  };

  it('finds people by handle prefix first, then by name or a word of it, case-insensitively', async () => {
    expect(await people('ad')).toEqual(['ada', 'adam', 'bo']);
    expect(await people('@ADA')).toEqual(['ada', 'adam']);
    expect(await people('lind')).toEqual(['ada']);
    expect(await people('smi')).toEqual(['adam']);
    expect(await people('')).toEqual(['ada', 'adam', 'bo', 'cy']);
    expect(await people('', 2)).toEqual(['ada', 'adam']);
    expect(await people('zz')).toEqual([]);
  });

  it('treats LIKE wildcards in the query as text', async () => {
    expect(await people('%')).toEqual([]);
    expect(await people('_')).toEqual([]);
    expect(await people('100%_')).toEqual(['cy']);
  });

  it('follows idempotently (201 then 200), lists the network, unfollows idempotently', async () => {
    const bo = await addUser(t, 'dee');
    const first = await call(t, 'PUT', '/v1/follows/bo', { token: tokens.ada });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ type: 'follow', follower: 'ada', followee: 'bo' });
    const again = await call(t, 'PUT', '/v1/follows/bo', { token: tokens.ada });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    await call(t, 'PUT', '/v1/follows/ada', { token: bo });
    const network = (await call(t, 'GET', '/v1/follows', { token: tokens.ada })).json();
    expect(network.following.map((p: { handle: string }) => p.handle)).toEqual(['bo']);
    expect(network.followers.map((p: { handle: string }) => p.handle)).toEqual(['dee']);
    expect((await call(t, 'PUT', '/v1/follows/ada', { token: tokens.ada })).statusCode).toBe(400);
    expect((await call(t, 'PUT', '/v1/follows/nobody', { token: tokens.ada })).statusCode).toBe(
      404,
    );
    expect(
      (await call(t, 'PUT', '/v1/follows/Not%20A%20Handle', { token: tokens.ada })).statusCode,
    ).toBe(400);
    expect((await call(t, 'DELETE', '/v1/follows/bo', { token: tokens.ada })).json()).toEqual({
      id: 'bo',
      deleted: true,
    });
    expect((await call(t, 'DELETE', '/v1/follows/bo', { token: tokens.ada })).statusCode).toBe(200);
    expect((await call(t, 'DELETE', '/v1/follows/nobody', { token: tokens.ada })).statusCode).toBe(
      404,
    );
    expect((await call(t, 'GET', '/v1/follows', { token: tokens.ada })).json().following).toEqual(
      [],
    );
  });
});
