/**
 * People who engaged with a page: name, what they did, and a follow button (none for yourself).
 * Used by the popup's "this page" and by the side panel.
 */
import type { PagePerson } from '../../core/messages.ts';
import { t } from '../../i18n/i18n.ts';
import { Bdi } from './Bdi.tsx';
import { FollowButton } from './FollowButton.tsx';
import { FormerBadge } from './FormerBadge.tsx';

type Props = {
  people: readonly PagePerson[];
  /** The signed-in person's handle: shown without a follow button. */
  me: string | null;
  /** After following or unfollowing `handle`. */
  onChanged(handle: string): void;
  onFailed?(error: unknown): void;
};

function kindsText(person: PagePerson): string {
  return person.kinds.map((kind) => t(`engagedKind_${kind}`)).join(', ');
}

export function PeopleList({ people, me, onChanged, onFailed }: Props) {
  if (people.length === 0) return null;
  return (
    <ul class="people">
      {people.map((p) => (
        <li key={p.handle} data-person={p.handle}>
          <span>
            <strong title={`@${p.handle}`}>
              <Bdi>{p.name || p.handle}</Bdi>
            </strong>{' '}
            {p.former ? <FormerBadge /> : null}
            <span class="muted">{kindsText(p)}</span>
          </span>
          {p.handle === me ? null : (
            <FollowButton
              person={p}
              following={p.inNetwork}
              onChanged={() => onChanged(p.handle)}
              onFailed={onFailed}
            />
          )}
        </li>
      ))}
    </ul>
  );
}
