/** Renders a page component into happy-dom with a fake environment, and small DOM helpers. */
import type { ComponentChild } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { EnvContext, type PageEnv } from '../../../src/ui/env.ts';

export type Rendered = { root: HTMLElement; unmount(): void };

/** Mounts `node` inside an `EnvContext` provider into a fresh container. */
export async function renderWith(env: PageEnv, node: ComponentChild): Promise<Rendered> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<EnvContext.Provider value={env}>{node}</EnvContext.Provider>, root);
  });
  await settle();
  return {
    root,
    unmount() {
      render(null, root);
      root.remove();
    },
  };
}

/** Lets pending promises and effects run (several rounds, for chained calls). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Types `value` into an input or textarea as a person would: value, caret, input event. */
export async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    el.focus();
    el.value = value;
    el.setSelectionRange(value.length, value.length);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Presses a key on `el` (keydown, then keyup). */
export async function press(el: Element, key: string, init: KeyboardEventInit = {}) {
  await act(async () => {
    el.dispatchEvent(
      new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }),
    );
    el.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true, ...init }));
  });
}

/** Clicks `el`. */
export async function click(el: Element) {
  await act(async () => {
    (el as HTMLElement).click();
  });
}

/** The element matching `selector`, or a failure naming it. */
export function $<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const el = root.querySelector<E>(selector);
  if (!el) throw new Error(`no element matches ${selector}`);
  return el;
}

/** The button whose text is `text`. */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}
