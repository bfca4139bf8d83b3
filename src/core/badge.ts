/**
 * The toolbar badge, derived from one state type: signed out, sync error, a short confirmation
 * after a keyboard bookmark, or the number of people in the user's network who engaged with the
 * active tab's page (from the local index). `badgeView` turns a state into what the browser shows.
 */

export type BadgeState =
  | { kind: 'signed-out' }
  | { kind: 'error'; message: string }
  | { kind: 'saved' }
  | { kind: 'count'; count: number };

/** What the toolbar button shows: badge text, its colour and the button's tooltip suffix. */
export type BadgeView = { text: string; color: string; title: string };

/** Largest count shown in full; above it the badge says `999+`. */
export const BADGE_MAX = 999;

export const BADGE_COLORS = {
  neutral: '#5f6368',
  error: '#c5221f',
  saved: '#188038',
  count: '#1a73e8',
} as const;

/** Badge text for a count: empty for 0, the number up to 999, then `999+`. */
export function countText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > BADGE_MAX ? `${BADGE_MAX}+` : String(Math.floor(count));
}

/** The view of a badge state. `title` is a plain-English tooltip line (localised by the caller when it has a message for it). */
export function badgeView(state: BadgeState): BadgeView {
  switch (state.kind) {
    case 'signed-out':
      return { text: '', color: BADGE_COLORS.neutral, title: 'Not signed in' };
    case 'error':
      return { text: '!', color: BADGE_COLORS.error, title: `Sync problem: ${state.message}` };
    case 'saved':
      return { text: '✓', color: BADGE_COLORS.saved, title: 'Saved' };
    case 'count': {
      const text = countText(state.count);
      const title =
        state.count <= 0
          ? 'No one in your network has engaged with this page'
          : `${text} ${state.count === 1 ? 'person' : 'people'} in your network engaged with this page`;
      return { text, color: BADGE_COLORS.count, title };
    }
  }
}

/**
 * The state for the active tab: signed out wins, then a sync error, then the page count.
 * `count` is null when the tab's page cannot be engaged with (not http(s), excluded site).
 */
export function badgeState(input: {
  signedIn: boolean;
  syncError: { message: string } | null;
  count: number | null;
}): BadgeState {
  if (!input.signedIn) return { kind: 'signed-out' };
  if (input.syncError) return { kind: 'error', message: input.syncError.message };
  return { kind: 'count', count: input.count ?? 0 };
}
