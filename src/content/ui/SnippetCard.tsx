/** The card shown when a highlight is hovered or picked: who shared it and their comment. */
import type { Snippet } from '../../core/wire.ts';
import { t } from '../../i18n/i18n.ts';
import { Bdi } from '../../ui/components/Bdi.tsx';
import { GroupLabel } from '../../ui/components/GroupLabel.tsx';

export type SnippetCardProps = {
  snippet: Snippet;
  name: string;
  x: number;
  y: number;
  /** Names of groups by id, for the label of a snippet shared with groups. */
  groupNames?: Readonly<Record<string, string>>;
};

/** Keeps a box of about `w`×`h` inside the viewport. */
export function clampToViewport(x: number, y: number, w: number, h: number) {
  const vw = globalThis.innerWidth || 1024;
  const vh = globalThis.innerHeight || 768;
  return { left: Math.max(8, Math.min(x, vw - w - 8)), top: Math.max(8, Math.min(y, vh - h - 8)) };
}

export function SnippetCard({ snippet, name, x, y, groupNames }: SnippetCardProps) {
  const pos = clampToViewport(x, y, 320, 120);
  return (
    <div
      class="card"
      role="tooltip"
      data-outloud="card"
      style={{ left: `${pos.left}px`, top: `${pos.top}px` }}
    >
      <div class="who">
        {t('contentSharedBy', name)}
        <GroupLabel item={snippet} names={groupNames} />
      </div>
      {snippet.comment && (
        <div class="comment">
          <Bdi>{snippet.comment}</Bdi>
        </div>
      )}
    </div>
  );
}
