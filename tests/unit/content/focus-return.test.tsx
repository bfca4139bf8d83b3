// @vitest-environment happy-dom
/**
 * Focus goes back where it came from: the content script's composer returns it to the page
 * element focused before Outloud's UI (or off Outloud's UI when there was none), and a side
 * panel reply form takes focus on opening and gives it back to its Reply button when closed.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trackPageFocus } from '../../../src/content/focus-return.ts';
import type { PageEngagement } from '../../../src/core/messages.ts';
import type { Comment } from '../../../src/core/wire.ts';
import { type Discussion, DiscussionContext } from '../../../src/sidepanel/discussion.ts';
import { Thread } from '../../../src/sidepanel/parts.tsx';
import { EnvContext } from '../../../src/ui/env.ts';
import { fakeEnv } from '../ui/fake-env.ts';
import { installI18n } from '../ui/fake-i18n.ts';
import { click, press, settle } from '../ui/render.tsx';

beforeAll(installI18n);
afterEach(() => {
  document.body.replaceChildren();
  for (const el of document.querySelectorAll('outloud-test-host')) el.remove();
});

describe('trackPageFocus', () => {
  function page() {
    const link = document.createElement('a');
    link.href = '#x';
    link.textContent = 'A link';
    const host = document.createElement('outloud-test-host');
    const button = document.createElement('button');
    host.append(button);
    document.body.append(link);
    document.documentElement.append(host);
    const abort = new AbortController();
    const focus = trackPageFocus(
      { doc: document, isOwn: (el) => el.localName === 'outloud-test-host' || host.contains(el) },
      abort.signal,
    );
    return { link, button, focus, abort };
  }

  it('returns focus to the page element that had it before Outloud’s UI', () => {
    const { link, button, focus } = page();
    link.focus();
    button.focus();
    focus.remember();
    focus.restore();
    expect(document.activeElement).toBe(link);
  });

  it('leaves Outloud’s UI when no page element had focus, and keeps a focus the person moved', () => {
    const { link, button, focus } = page();
    button.focus();
    focus.remember();
    focus.restore();
    expect(document.activeElement).not.toBe(button);

    link.focus();
    button.focus();
    focus.remember();
    const other = document.createElement('input');
    document.body.append(other);
    other.focus();
    focus.restore();
    expect(document.activeElement).toBe(other);
  });

  it('stops tracking when aborted', () => {
    const { link, button, focus, abort } = page();
    abort.abort();
    link.focus();
    button.focus();
    focus.remember();
    focus.restore();
    expect(document.activeElement).not.toBe(link);
  });
});

describe('side panel reply form', () => {
  it('takes focus on opening and gives it back to Reply on Escape', async () => {
    const at = '2024-05-01T10:00:00.000Z';
    const comment: Comment = {
      type: 'comment',
      id: '01900000-0000-7000-8000-000000000003',
      owner: 'bo',
      createdAt: at,
      updatedAt: at,
      targetId: '01900000-0000-7000-8000-000000000001',
      text: 'Agreed!',
      mentions: [],
    };
    const discussion: Discussion = {
      me: null,
      engagement: {
        likedByMe: [],
        likeCounts: {},
        comments: [comment],
      } as unknown as PageEngagement,
      nameOf: (h) => h,
      changed: () => {},
      fail: () => {},
    };
    const root = document.createElement('div');
    document.body.append(root);
    await act(async () => {
      render(
        <EnvContext.Provider value={fakeEnv({ searchPeople: [] })}>
          <DiscussionContext.Provider value={discussion}>
            <Thread nodes={[{ comment, replies: [] }]} />
          </DiscussionContext.Provider>
        </EnvContext.Provider>,
        root,
      );
    });
    const reply = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Reply')!;
    reply.focus();
    await click(reply);
    await settle();
    const box = root.querySelector('textarea')!;
    expect(document.activeElement).toBe(box);
    await press(box, 'Escape');
    await settle();
    expect(root.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(reply);
    render(null, root);
  });
});
