/** Reading managed storage: a stand-in area with a policy, without one, and one that throws. */
import { describe, expect, it } from 'vitest';
import { readManaged } from '../../../src/platform/managed.ts';

describe('readManaged', () => {
  it('reads the policy the area holds', async () => {
    const area = {
      get: async () => ({ serverUrl: 'https://o.example/', lookupMode: 'exact', junk: 1 }),
    };
    expect(await readManaged(area)).toEqual({
      serverUrl: 'https://o.example',
      lookupMode: 'exact',
    });
  });

  it('reads no policy without an area (tests, a browser without it)', async () => {
    expect(await readManaged(undefined)).toEqual({});
    expect(await readManaged(null)).toEqual({});
  });

  it('reads no policy when the area refuses (Firefox without policies)', async () => {
    const area = {
      get: async (): Promise<Record<string, unknown>> => {
        throw new Error('Managed storage manifest not found');
      },
    };
    expect(await readManaged(area)).toEqual({});
  });

  it('reads an empty area (Chrome without a policy) as no policy', async () => {
    expect(await readManaged({ get: async () => ({}) })).toEqual({});
  });
});
