/** Mounts a Preact page into `#app`. */
import { type ComponentChild, render } from 'preact';

export function mount(node: ComponentChild): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Outloud page has no #app element');
  render(node, root);
}
