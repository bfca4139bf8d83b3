// @vitest-environment happy-dom
/**
 * A deactivated person (`former`) is shown as a "former colleague" beside their name, in item
 * cards and in a page's people list; everyone else without the mark. Swedish has its words.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ItemCard } from '../../../src/ui/components/ItemCard.tsx';
import { PeopleList } from '../../../src/ui/components/PeopleList.tsx';
import { fakeEnv } from './fake-env.ts';
import { installI18n } from './fake-i18n.ts';
import { type Rendered, renderWith } from './render.tsx';

const status = {
  type: 'status' as const,
  id: '01930000-0000-7000-8000-0000000000cc',
  owner: 'ada',
  createdAt: '2025-01-03T09:00:00Z',
  updatedAt: '2025-01-03T09:00:00Z',
  text: 'still here',
  url: null,
  urlKey: null,
  title: '',
  question: false,
  mentions: [],
  visibility: 'public' as const,
};

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('former colleagues', () => {
  beforeAll(installI18n);

  it('marks a former colleague in an item card, and nobody else', async () => {
    view = await renderWith(
      fakeEnv({}),
      <>
        <ItemCard
          actor={{ handle: 'ada', name: 'Ada', former: true }}
          item={status}
          at={status.createdAt}
        />
        <ItemCard
          actor={{ handle: 'bob', name: 'Bob' }}
          item={{ ...status, id: `${status.id.slice(0, -2)}dd`, owner: 'bob' }}
          at={status.createdAt}
        />
      </>,
    );
    const [ada, bob] = [...view.root.querySelectorAll('article')];
    expect(ada!.querySelector('.item-head')!.textContent).toContain('former colleague');
    expect(ada!.querySelector('.former')).not.toBeNull();
    expect(bob!.textContent).not.toContain('former colleague');
    expect(bob!.querySelector('.former')).toBeNull();
  });

  it('marks a former colleague in a page’s people list', async () => {
    view = await renderWith(
      fakeEnv({}),
      <PeopleList
        people={[
          { handle: 'ada', name: 'Ada', inNetwork: true, kinds: ['bookmark'], former: true },
          { handle: 'bob', name: 'Bob', inNetwork: false, kinds: ['like'] },
        ]}
        me={null}
        onChanged={() => {}}
      />,
    );
    const ada = view.root.querySelector('[data-person="ada"]')!;
    const bob = view.root.querySelector('[data-person="bob"]')!;
    expect(ada.querySelector('.former')!.textContent).toBe('former colleague');
    expect(bob.querySelector('.former')).toBeNull();
  });

  it('has Swedish words', () => {
    const sv = JSON.parse(
      readFileSync(
        path.join(
          path.dirname(fileURLToPath(import.meta.url)),
          '../../../assets/_locales/sv/messages.json',
        ),
        'utf8',
      ),
    ) as Record<string, { message: string }>;
    expect(sv.personFormer?.message).toBe('tidigare kollega');
  });
});
