/**
 * Link marks: a small count over each engaged link in view, with the people's names on hover
 * (the title comes written by the background: no `Intl` on the page).
 */
import type { LinkMark } from '../state.ts';

export function LinkMarks({ marks }: { marks: readonly LinkMark[] }) {
  return (
    <>
      {marks.map((m) => {
        const label = m.label;
        return (
          <span
            key={m.key}
            class="mark"
            data-outloud="mark"
            data-count={m.count}
            title={label}
            role="img"
            aria-label={label}
            style={{ left: `${m.x}px`, top: `${m.y}px` }}
          >
            {m.count > 99 ? '99+' : m.count}
          </span>
        );
      })}
    </>
  );
}
