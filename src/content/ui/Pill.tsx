/**
 * The page overlay: a small pill with the initials of the people who engaged with the page
 * (network first, then "and N others") and the counts; it opens the side panel. A toggle shows
 * the page's snippets with who shared them and their comment (each one scrolls to its highlight
 * and shows its card: the keyboard's way to what hovering a highlight shows), those not found on
 * the page, and buttons to hide the pill on this page or this whole site. Where the page lets the
 * overlay write the clipboard, each snippet found also has "Copy link to the quote" (its page
 * opened at the quote, `snippetLink`) and, when the server has a public address, "Copy link"
 * (its web permalink).
 */
import { useState } from 'preact/hooks';
import type { OverlayEngagement } from '../../core/messages.ts';
import { networkFirst } from '../../i18n/engagement-labels.ts';
import { t } from '../../i18n/i18n.ts';
import { Bdi } from '../../ui/components/Bdi.tsx';
import { GroupLabel } from '../../ui/components/GroupLabel.tsx';
import { colourFor, initials, nameLookup } from './people.ts';

export type PillProps = {
  engagement: OverlayEngagement;
  orphans: readonly string[];
  onOpenPanel(): void;
  onShowSnippet(id: string): void;
  /** Copies the snippet's link; absent where the clipboard cannot be written (no button). */
  onCopyLink?: ((id: string) => void) | undefined;
  /** Copies the snippet's web permalink; absent without a clipboard or a public address. */
  onCopyPermalink?: ((id: string) => void) | undefined;
  onDismiss(scope: 'page' | 'site'): void;
};

export function Pill({
  engagement,
  orphans,
  onOpenPanel,
  onShowSnippet,
  onCopyLink,
  onCopyPermalink,
  onDismiss,
}: PillProps) {
  const [open, setOpen] = useState(false);
  const faces = networkFirst(engagement.people).slice(0, 3);
  const nameOf = nameLookup(engagement.people);
  const orphanSet = new Set(orphans);
  const found = engagement.snippets.filter((s) => !orphanSet.has(s.id));
  const lost = engagement.snippets.filter((s) => orphanSet.has(s.id));
  // Written by the background, so the page pays no `Intl` set-up.
  const { people: text, counts: countText } = engagement.labels;

  return (
    <div class="pill-wrap" data-outloud="overlay">
      {open && (
        <section class="panel" aria-label={t('contentPanelLabel')}>
          {found.length > 0 && (
            <>
              <h2>{t('contentSnippetsHeading')}</h2>
              <ul>
                {found.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      data-outloud="snippet-entry"
                      onClick={() => onShowSnippet(s.id)}
                    >
                      “<Bdi>{s.quote.exact.slice(0, 80)}</Bdi>” — <Bdi>{nameOf(s.owner)}</Bdi>
                      <GroupLabel item={s} names={engagement.groupNames} />
                      {s.comment && (
                        <span class="said">
                          <Bdi>{s.comment.slice(0, 140)}</Bdi>
                        </span>
                      )}
                    </button>
                    {onCopyLink && (
                      <button
                        type="button"
                        class="link copy-link"
                        data-outloud="copy-link"
                        onClick={() => onCopyLink(s.id)}
                      >
                        {t('copyQuoteLink')}
                      </button>
                    )}
                    {onCopyPermalink && (
                      <button
                        type="button"
                        class="link copy-link"
                        data-outloud="copy-permalink"
                        onClick={() => onCopyPermalink(s.id)}
                      >
                        {t('copyLink')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {lost.length > 0 && (
            <>
              <h2>{t('contentNotFoundHeading')}</h2>
              <ul data-outloud="orphans">
                {lost.map((s) => (
                  <li key={s.id} class="orphan">
                    “<Bdi>{s.quote.exact.slice(0, 80)}</Bdi>” — <Bdi>{nameOf(s.owner)}</Bdi>
                  </li>
                ))}
              </ul>
            </>
          )}
          <div class="row">
            <button type="button" class="link" onClick={() => onDismiss('page')}>
              {t('contentHidePage')}
            </button>
            <button type="button" class="link" onClick={() => onDismiss('site')}>
              {t('contentHideSite')}
            </button>
          </div>
        </section>
      )}
      <div class="pill">
        <button
          type="button"
          data-outloud="pill"
          aria-describedby="outloud-pill-hint"
          onClick={onOpenPanel}
        >
          <span class="faces" aria-hidden="true">
            {faces.map((p) => (
              <span key={p.handle} class="face" style={{ background: colourFor(p.handle) }}>
                <Bdi>{initials(p.name, p.handle)}</Bdi>
              </span>
            ))}
          </span>
          <Bdi>
            <span data-outloud="people">{text}</span>
          </Bdi>{' '}
          {countText && <span class="counts">{countText}</span>}
        </button>
        <span id="outloud-pill-hint" class="visually-hidden">
          {t('contentPillHint')}
        </span>
        <button
          type="button"
          aria-expanded={open}
          aria-label={t('contentMoreLabel')}
          data-outloud="more"
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
    </div>
  );
}
