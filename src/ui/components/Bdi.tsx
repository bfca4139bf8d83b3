/**
 * Words a person wrote (a name, title, tag, comment, quote, status…) shown isolated from the
 * text around them: a `<bdi>`, whose direction comes from its own first strong letter and whose
 * bidirectional controls end with it (see `src/i18n/bidi.ts`). Every place that shows someone's
 * text wraps it in this; `tests/unit/i18n/bidi.test.tsx` walks each view to make sure.
 */
import type { ComponentChildren } from 'preact';

type Props = { children: ComponentChildren; class?: string; title?: string };

export function Bdi({ children, class: className, title }: Props) {
  return (
    <bdi class={className} title={title}>
      {children}
    </bdi>
  );
}
