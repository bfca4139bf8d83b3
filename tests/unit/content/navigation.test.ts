/**
 * Single-page navigation (`src/content/navigation.ts`) over a stand-in window: with the
 * Navigation API every same-document change is reported by `currententrychange` and no timer
 * runs; without it, `popstate`/`hashchange` and a one-second poll (for `pushState`, which fires
 * nothing) report it; a change is reported once, an unchanged address never, nothing after abort.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_MS, watchNavigation } from '../../../src/content/navigation.ts';

type FakeWindow = EventTarget & {
  location: { href: string };
  navigation?: EventTarget;
  setInterval: typeof setInterval;
  clearInterval: typeof clearInterval;
};

function fakeWindow(withNavigationApi: boolean): FakeWindow {
  const win = new EventTarget() as FakeWindow;
  win.location = { href: 'https://app.example/inbox' };
  if (withNavigationApi) win.navigation = new EventTarget();
  win.setInterval = ((fn: () => void, ms: number) => setInterval(fn, ms)) as typeof setInterval;
  win.clearInterval = ((id: number) => clearInterval(id)) as typeof clearInterval;
  return win;
}

function watch(win: FakeWindow) {
  const seen: string[] = [];
  const controller = new AbortController();
  watchNavigation(win as unknown as Window, (href) => seen.push(href), controller.signal);
  return { seen, controller };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('watchNavigation with the Navigation API', () => {
  it('reports a change once, when the browser says the entry changed', () => {
    const win = fakeWindow(true);
    const { seen } = watch(win);
    win.location.href = 'https://app.example/thread/1';
    win.navigation!.dispatchEvent(new Event('currententrychange'));
    win.navigation!.dispatchEvent(new Event('currententrychange'));
    win.dispatchEvent(new Event('popstate'));
    expect(seen).toEqual(['https://app.example/thread/1']);
  });

  it('runs no timer at all, and ignores reports of an unchanged address', () => {
    const win = fakeWindow(true);
    const { seen } = watch(win);
    expect(vi.getTimerCount()).toBe(0);
    win.navigation!.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual([]);
  });

  it('reports nothing once aborted', () => {
    const win = fakeWindow(true);
    const { seen, controller } = watch(win);
    controller.abort();
    win.location.href = 'https://app.example/after';
    win.navigation!.dispatchEvent(new Event('currententrychange'));
    win.dispatchEvent(new Event('hashchange'));
    expect(seen).toEqual([]);
  });
});

describe('watchNavigation without the Navigation API', () => {
  it('finds a pushState (no event) within one poll', () => {
    const win = fakeWindow(false);
    const { seen } = watch(win);
    win.location.href = 'https://app.example/thread/2';
    vi.advanceTimersByTime(POLL_MS - 1);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['https://app.example/thread/2']);
    vi.advanceTimersByTime(POLL_MS * 5);
    expect(seen).toHaveLength(1);
  });

  it('reports popstate and hashchange at once, each change once', () => {
    const win = fakeWindow(false);
    const { seen } = watch(win);
    win.location.href = 'https://app.example/inbox#b';
    win.dispatchEvent(new Event('hashchange'));
    win.location.href = 'https://app.example/inbox';
    win.dispatchEvent(new Event('popstate'));
    vi.advanceTimersByTime(POLL_MS);
    expect(seen).toEqual(['https://app.example/inbox#b', 'https://app.example/inbox']);
  });

  it('stops polling once aborted', () => {
    const win = fakeWindow(false);
    const { seen, controller } = watch(win);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(vi.getTimerCount()).toBe(0);
    win.location.href = 'https://app.example/after';
    vi.advanceTimersByTime(POLL_MS * 3);
    expect(seen).toEqual([]);
  });
});
