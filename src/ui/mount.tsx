/** Mounts a Preact page into `#app`, with the shared styles and the page environment. */
import { type ComponentChild, render } from 'preact';
import { messagesLanguage } from '../i18n/i18n.ts';
import { EnvContext, type PageEnv } from './env.ts';
import { STYLES } from './styles.ts';

/** Renders `node` into the page's `#app`, injecting the shared stylesheet once and setting `lang`. */
export function mount(node: ComponentChild, env?: PageEnv): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Outloud page has no #app element');
  // The language the messages are in (the browser's, or English where Outloud has no locale).
  document.documentElement.lang = messagesLanguage();
  if (!document.getElementById('outloud-styles')) {
    const style = document.createElement('style');
    style.id = 'outloud-styles';
    style.textContent = STYLES;
    document.head.append(style);
  }
  render(env ? <EnvContext.Provider value={env}>{node}</EnvContext.Provider> : node, root);
}
