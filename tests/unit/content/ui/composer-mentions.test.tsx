// @vitest-environment happy-dom
/**
 * The page overlay's snippet composer uses the shared mention box inside a closed shadow root:
 * it offers people by the server's grammar (`,@b` too), Escape closes the list before it closes
 * the composer, and Enter puts the handle in the text.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Composer } from '../../../../src/content/ui/Composer.tsx';
import type { Person } from '../../../../src/core/wire.ts';
import { ANN, BOB } from '../../ui/fake-env.ts';
import { installI18n } from '../../ui/fake-i18n.ts';
import { press, settle, typeInto } from '../../ui/render.tsx';

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});
beforeAll(installI18n);

async function openComposer() {
  host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'closed' });
  const searched: string[] = [];
  let cancelled = 0;
  const search = async (q: string): Promise<Person[]> => {
    searched.push(q);
    return [ANN, BOB].filter((p) => p.handle.startsWith(q));
  };
  await act(async () => {
    render(
      <Composer
        quote={{ exact: 'the words' }}
        x={10}
        y={10}
        onShare={async () => {}}
        onCancel={() => cancelled++}
        search={search}
        choices={async () => ({ audience: { kind: 'public' }, groups: [] })}
      />,
      shadow,
    );
  });
  await settle();
  const box = shadow.querySelector<HTMLTextAreaElement>('#outloud-comment')!;
  return { shadow, box, searched, cancelled: () => cancelled };
}

/** Waits past the mention box's search delay. */
const searchDelay = () =>
  settle(2)
    .then(() => new Promise((r) => setTimeout(r, 150)))
    .then(() => settle());

describe('overlay composer mentions', () => {
  it('offers people after a comma, as the server records them, and Enter picks one', async () => {
    const { shadow, box, searched } = await openComposer();
    expect(shadow.activeElement).toBe(box);
    await typeInto(box, 'see this,@b');
    await searchDelay();
    expect(searched.at(-1)).toBe('b');
    const options = shadow.querySelectorAll('[data-outloud=mentions] [role=option]');
    expect(options).toHaveLength(1);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    await press(box, 'Enter');
    await settle();
    expect(box.value).toBe('see this,@bob ');
    expect(shadow.querySelectorAll('[role=option]')).toHaveLength(0);
  });

  it('closes the list with Escape first, then the composer', async () => {
    const { shadow, box, cancelled } = await openComposer();
    await typeInto(box, '«@a');
    await searchDelay();
    expect(shadow.querySelectorAll('[role=option]')).toHaveLength(1);
    await press(box, 'Escape');
    expect(shadow.querySelectorAll('[role=option]')).toHaveLength(0);
    expect(cancelled()).toBe(0);
    expect(box.value).toBe('«@a');
    await press(box, 'Escape');
    expect(cancelled()).toBe(1);
  });
});
