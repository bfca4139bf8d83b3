/** The automatic lookup mode: local while the organisation's copy fits the budget, range above. */
import { describe, expect, it } from 'vitest';
import {
  chooseMode,
  LOCAL_COPY_BUDGET,
  lookupChoice,
  ORG_REFRESH_MS,
  orgIsStale,
} from '../../../src/core/lookup-choice.ts';

describe('chooseMode', () => {
  it.each([
    [0, 'local'],
    [1, 'local'],
    [LOCAL_COPY_BUDGET - 1, 'local'],
    [LOCAL_COPY_BUDGET, 'local'],
    [LOCAL_COPY_BUDGET + 1, 'range'],
    [5_000_000, 'range'],
  ])('%i items → %s', (items, mode) => {
    expect(chooseMode(items)).toEqual({ mode, items, budget: LOCAL_COPY_BUDGET });
  });

  it('takes another budget', () => {
    expect(chooseMode(11, 10).mode).toBe('range');
    expect(chooseMode(10, 10).mode).toBe('local');
  });
});

describe('lookupChoice', () => {
  const auto = { lookupMode: 'local' as const, lookupModeChosen: false };
  it.each([
    // settings, items, expected mode, chosen
    [auto, null, 'local', false],
    [auto, 1_000, 'local', false],
    [auto, LOCAL_COPY_BUDGET + 1, 'range', false],
    [
      { lookupMode: 'local' as const, lookupModeChosen: true },
      LOCAL_COPY_BUDGET + 1,
      'local',
      true,
    ],
    [{ lookupMode: 'exact' as const, lookupModeChosen: true }, 10, 'exact', true],
    [{ lookupMode: 'range' as const, lookupModeChosen: true }, null, 'range', true],
    // A stored mode the person never chose is not a choice: the size decides.
    [{ lookupMode: 'range' as const, lookupModeChosen: false }, 10, 'local', false],
  ] as const)('%j with %s items → %s (chosen %s)', (settings, items, mode, chosen) => {
    const choice = lookupChoice(settings, items);
    expect(choice.mode).toBe(mode);
    expect(choice.chosen).toBe(chosen);
    expect(choice.auto).toEqual(items === null ? null : chooseMode(items));
  });
});

describe("lookupChoice with the organisation's budget (managed policy)", () => {
  const managed = (localCopyBudget: number) => ({
    lookupMode: 'local' as const,
    lookupModeChosen: false,
    managed: { localCopyBudget },
  });
  it.each([
    // budget, items, expected automatic mode
    [1_000, 1_000, 'local'],
    [1_000, 1_001, 'range'],
    [0, 0, 'local'],
    [0, 1, 'range'],
    [1_000_000, LOCAL_COPY_BUDGET + 1, 'local'],
  ] as const)('budget %i, %i items → %s', (budget, items, mode) => {
    const choice = lookupChoice(managed(budget), items);
    expect(choice).toEqual({ mode, chosen: false, auto: { mode, items, budget } });
  });

  it("leaves the person's own choice alone", () => {
    const chosen = { ...managed(0), lookupMode: 'local' as const, lookupModeChosen: true };
    expect(lookupChoice(chosen, 10).mode).toBe('local');
  });

  it('uses the default budget when the policy sets none', () => {
    const none = { lookupMode: 'local' as const, lookupModeChosen: false, managed: {} };
    expect(lookupChoice(none, 10).auto?.budget).toBe(LOCAL_COPY_BUDGET);
  });
});

describe('orgIsStale', () => {
  it.each([
    [null, 0, true],
    [1_000, 1_000, false],
    [1_000, 1_000 + ORG_REFRESH_MS - 1, false],
    [1_000, 1_000 + ORG_REFRESH_MS, true],
    // The clock went back: read again rather than trust a time in the future.
    [5_000, 1_000, true],
  ])('read at %s, now %s → %s', (at, now, stale) => {
    expect(orgIsStale(at, now)).toBe(stale);
  });
});
