// @vitest-environment happy-dom
/** The status composer: @mention autocomplete by keyboard, attach page, question, posting. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UiResults } from '../../../src/core/messages.ts';
import { StatusComposer } from '../../../src/ui/components/StatusComposer.tsx';
import { ANN, BOB, type FakeEnv, FakeRpcError, fakeEnv } from './fake-env.ts';
import { installI18n, iso } from './fake-i18n.ts';
import { $, button, click, press, type Rendered, renderWith, settle, typeInto } from './render.tsx';

const page: UiResults['tabInfo'] = {
  url: 'https://example.org/guide',
  title: 'The guide',
  bookmarkable: true,
  reason: null,
};

function posted(params: { text: string; url?: string; question?: boolean }) {
  return {
    type: 'status' as const,
    id: '01930000-0000-7000-8000-0000000000bb',
    owner: 'ann',
    createdAt: '2025-01-03T09:00:00Z',
    updatedAt: '2025-01-03T09:00:00Z',
    text: params.text,
    url: params.url ?? null,
    urlKey: null,
    title: '',
    question: params.question ?? false,
    mentions: [...params.text.matchAll(/@([a-z]+)/g)].map((m) => m[1]!),
    visibility: 'public' as const,
  };
}

let view: Rendered | undefined;
async function open(env: FakeEnv, p = page) {
  view = await renderWith(env, <StatusComposer page={p} />);
  return view.root;
}
/** Waits past the composer's search delay. */
const searchDelay = () =>
  settle(2)
    .then(() => new Promise((r) => setTimeout(r, 150)))
    .then(() => settle());

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('status composer', () => {
  it('completes an @mention from the directory with arrows and Enter', async () => {
    const env = fakeEnv({
      searchPeople: ({ q }) => [ANN, BOB].filter((p) => p.handle.startsWith(q) || q === ''),
    });
    const root = await open(env);
    const box = $<HTMLTextAreaElement>(root, '#status-text');
    expect(box.getAttribute('role')).toBe('combobox');
    await typeInto(box, 'Who can review this, @');
    await searchDelay();
    expect(env.callsOf('searchPeople').at(-1)).toEqual({ q: '', limit: 8 });
    const options = () => [...root.querySelectorAll('[role=option]')];
    expect(options().map((o) => o.textContent)).toEqual([
      iso('{Ann Andersson} (@{ann})'),
      iso('{Bob Berg} (@{bob})'),
    ]);
    await press(box, 'ArrowDown');
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options()[1]!.id);
    await press(box, 'Enter');
    await settle();
    expect(box.value).toBe('Who can review this, @bob ');
    expect(options()).toEqual([]);
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes the suggestions with Escape and keeps the text', async () => {
    const env = fakeEnv({ searchPeople: [ANN] });
    const root = await open(env);
    const box = $<HTMLTextAreaElement>(root, '#status-text');
    await typeInto(box, 'ping @a');
    await searchDelay();
    expect(root.querySelectorAll('[role=option]')).toHaveLength(1);
    await press(box, 'Escape');
    expect(root.querySelectorAll('[role=option]')).toHaveLength(0);
    expect(box.value).toBe('ping @a');
  });

  it('posts a question about this page and names who will be notified', async () => {
    const env = fakeEnv({ postStatus: (p) => posted(p) });
    const root = await open(env);
    await typeInto($(root, '#status-text'), '  @bob is this guide current?  ');
    const [attach, question] = [...root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(attach!.parentElement!.textContent).toBe(iso('Attach this page: {The guide}'));
    await click(attach!);
    await click(question!);
    await click(button(root, 'Ask'));
    await settle();
    expect(env.callsOf('postStatus')).toEqual([
      {
        text: '@bob is this guide current?',
        url: 'https://example.org/guide',
        title: 'The guide',
        question: true,
      },
    ]);
    expect(root.textContent).toContain(iso('Posted. {@bob} will be notified.'));
    expect($<HTMLTextAreaElement>(root, '#status-text').value).toBe('');
  });

  it('posts with Ctrl+Enter, cannot attach a non-web page, and shows why posting failed', async () => {
    const env = fakeEnv({
      postStatus: () => {
        throw new FakeRpcError('invalid', 'Status text is at most 2000 characters.');
      },
    });
    const root = await open(env, { url: null, title: '', bookmarkable: false, reason: 'x' });
    const attach = root.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    expect(attach.disabled).toBe(true);
    const box = $<HTMLTextAreaElement>(root, '#status-text');
    await typeInto(box, 'Working on the sync engine');
    await press(box, 'Enter', { ctrlKey: true });
    await settle();
    expect(env.callsOf('postStatus')).toEqual([{ text: 'Working on the sync engine' }]);
    expect($(root, '[role=alert]').textContent).toBe(
      'Could not post: Status text is at most 2000 characters.',
    );
    expect(box.value).toBe('Working on the sync engine');
  });
});
