/**
 * The flagged items of a group, for its owners and moderators (issue 15): each item once, with
 * who flagged it and why, and a button to hide it (or show it again).
 */
import { useState } from 'preact/hooks';
import type { FlaggedEntry } from '../core/groups.ts';
import type { HiddenMarker } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { TimeAgo } from '../ui/components/TimeAgo.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';
import { useRefocus } from '../ui/use-refocus.ts';

/**
 * A group's flagged items, each with its flags and a Hide (or, hidden, Show again) button. The
 * hide's reason is the newest flag's; what the server answers is shown until the local copy
 * learns it with the next sync.
 */
export function FlagList({
  entries,
  onFailed,
}: {
  entries: FlaggedEntry[];
  onFailed(failure: Failure): void;
}) {
  const { call } = useEnv();
  const [hides, setHides] = useState<Record<string, HiddenMarker | null>>({});
  const [said, setSaid] = useState('');
  const [busy, run] = useAction((error) => onFailed(toFailure(error)));
  const focus = useRefocus<HTMLUListElement>();
  if (entries.length === 0) return <p class="muted">{t('groupFlagsNone')}</p>;

  const toggle = (e: FlaggedEntry, hide: boolean) =>
    run(async () => {
      setSaid('');
      const state = hide
        ? await call('hideItem', { itemId: e.itemId, reason: e.flags[0]?.reason ?? '' })
        : await call('unhideItem', { itemId: e.itemId });
      setHides((now) => ({ ...now, [e.itemId]: state.hidden }));
      setSaid(t(hide ? 'groupHidSaid' : 'groupUnhidSaid'));
      focus.later(`[data-flag="${e.itemId}"] button`);
    });

  return (
    <>
      <ul class="flags" ref={focus.ref}>
        {entries.map((e) => {
          const hidden = e.itemId in hides ? hides[e.itemId] : (e.item?.hidden ?? null);
          const textId = `flag-${e.itemId}-text`;
          return (
            <li key={e.itemId} data-flag={e.itemId} data-hidden={hidden ? 'true' : 'false'}>
              <p class="item-text" id={textId}>
                {e.item ? (
                  <Bdi>{e.item.text}</Bdi>
                ) : (
                  <span class="muted">{t('groupFlagUnknown')}</span>
                )}
              </p>
              <ul class="flag-reasons">
                {e.flags.map((f) => (
                  <li key={f.handle} class="muted">
                    {t('groupFlaggedBy', [`@${f.handle}`, f.reason])} ·{' '}
                    <TimeAgo iso={f.createdAt} />
                  </li>
                ))}
              </ul>
              <div class="row">
                {hidden ? <span class="muted">{t('groupHiddenBy', hidden.reason)}</span> : null}
                <button
                  type="button"
                  aria-describedby={textId}
                  // Not disabled while the answer is awaited: that would drop keyboard focus.
                  onClick={() => {
                    if (!busy) void toggle(e, !hidden);
                  }}
                >
                  {t(hidden ? 'groupUnhide' : 'groupHide')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <p role="status" class="ok">
        {said}
      </p>
    </>
  );
}
