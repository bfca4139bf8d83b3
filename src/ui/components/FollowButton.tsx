/**
 * Follow or unfollow a person, where people are shown (the popup's "this page", the side panel).
 * A toggle button: `aria-pressed` says whether you follow them; its name says whom, in text
 * only screen readers read (never in an attribute: a name is text from the network). The follow
 * is written locally at once and reaches the server with the next sync, like every action.
 */
import { t } from '../../i18n/i18n.ts';
import { useEnv } from '../env.ts';
import { useAction } from '../use-action.ts';
import { Bdi } from './Bdi.tsx';

type Props = {
  person: { handle: string; name: string };
  following: boolean;
  /** After the follow changed (the list reloads to show who is in the network now). */
  onChanged?(following: boolean): void;
  /** When following or unfollowing failed. */
  onFailed?(error: unknown): void;
};

export function FollowButton({ person, following, onChanged, onFailed }: Props) {
  const { call } = useEnv();
  const [busy, run] = useAction(onFailed);
  const name = person.name || person.handle;
  const toggle = () =>
    run(async () => {
      await call(following ? 'unfollow' : 'follow', { handle: person.handle });
      onChanged?.(!following);
    });
  return (
    <button
      type="button"
      class={`follow${following ? ' following' : ''}`}
      aria-pressed={following}
      disabled={busy}
      data-follow={person.handle}
      onClick={toggle}
    >
      {following ? t('following') : t('follow')}
      <span class="visually-hidden">
        {' '}
        <Bdi>{name}</Bdi>
      </span>
    </button>
  );
}
