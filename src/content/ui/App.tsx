/** Everything Outloud draws on a page, rendered from the content store into the shadow root. */
import type { Audience } from '../../core/audience.ts';
import type { AudienceChoices } from '../../core/messages.ts';
import type { Person } from '../../core/wire.ts';
import { t } from '../../i18n/i18n.ts';
import { type ContentState, type ContentStore, hasActivity, overlayAllowed } from '../state.ts';
import { Composer } from './Composer.tsx';
import { LinkMarks } from './LinkMarks.tsx';
import { Pill } from './Pill.tsx';
import { nameLookup } from './people.ts';
import { SnippetCard } from './SnippetCard.tsx';
import { useStore } from './use-store.ts';

export type ContentActions = {
  openPanel(): void;
  showSnippet(id: string): void;
  /** Copies a snippet's link (its page at the quote); null where the clipboard cannot be written. */
  copyLink: ((id: string) => void) | null;
  /**
   * Copies an item's web permalink (`PageState.permalinkBase`); null where the clipboard cannot
   * be written.
   */
  copyPermalink: ((id: string) => void) | null;
  dismiss(scope: 'page' | 'site'): void;
  openComposer(): void;
  share(draft: { comment: string; audience: Audience }): Promise<void>;
  closeComposer(): void;
  searchPeople(q: string): Promise<Person[]>;
  /** What the composer's audience picker starts with (the site's last choice, my groups). */
  audienceChoices(): Promise<AudienceChoices>;
};

const all = (s: ContentState) => s;

export function App({ store, actions }: { store: ContentStore; actions: ContentActions }) {
  const s = useStore(store, all);
  const allowed = overlayAllowed(s.settings);
  const engagement = s.engagement;
  const cardSnippet =
    s.card && engagement ? engagement.snippets.find((x) => x.id === s.card!.snippetId) : undefined;
  const nameOf = nameLookup(engagement?.people ?? []);

  return (
    <>
      {allowed && <LinkMarks marks={s.marks} />}
      {allowed && engagement && hasActivity(engagement) && !s.dismissed && (
        <Pill
          engagement={engagement}
          orphans={s.orphans}
          onOpenPanel={actions.openPanel}
          onShowSnippet={actions.showSnippet}
          onCopyLink={actions.copyLink ?? undefined}
          onCopyPermalink={(s.permalinkBase && actions.copyPermalink) || undefined}
          onDismiss={actions.dismiss}
        />
      )}
      {allowed && s.card && cardSnippet && (
        <SnippetCard
          snippet={cardSnippet}
          name={nameOf(cardSnippet.owner)}
          x={s.card.x}
          y={s.card.y}
          groupNames={engagement?.groupNames}
        />
      )}
      {s.shareButton && !s.composer && (
        <button
          type="button"
          class="share-button"
          data-outloud="share-selection"
          style={{ left: `${s.shareButton.x}px`, top: `${s.shareButton.y}px` }}
          onMouseDown={(e) => e.preventDefault()}
          onClick={actions.openComposer}
        >
          {t('contentShareSelection')}
        </button>
      )}
      {s.composer && (
        <Composer
          quote={s.composer.quote}
          x={s.composer.x}
          y={s.composer.y}
          onShare={actions.share}
          onCancel={actions.closeComposer}
          search={actions.searchPeople}
          choices={actions.audienceChoices}
        />
      )}
      {s.notice && (
        <div
          class={`notice card${s.notice.error ? ' error' : ''}`}
          role="status"
          data-outloud="notice"
        >
          {s.notice.text}
          {s.notice.copyId && s.permalinkBase && actions.copyPermalink && (
            <>
              {' '}
              <button
                type="button"
                class="link"
                data-outloud="copy-permalink"
                onClick={() => actions.copyPermalink?.(s.notice?.copyId ?? '')}
              >
                {t('copyLink')}
              </button>
            </>
          )}
        </div>
      )}
    </>
  );
}
