/**
 * "This page": who in your network engaged with the current page and how, then the others in
 * your organisation who did, each with a button to follow or unfollow them. Answered by the
 * background from its local engagement index (nothing is sent to the server for this).
 */
import { useState } from 'preact/hooks';
import { formatCount, t, tPlural } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { PeopleList } from '../ui/components/PeopleList.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAsync } from '../ui/use-async.ts';
import { useRefocus } from '../ui/use-refocus.ts';

/** `me` is left out of the list: the page is about what others did. */
export function ThisPage({ url, me }: { url: string; me: string | null }) {
  const { call } = useEnv();
  const engagement = useAsync(() => call('pageEngagement', { url }), [url]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const focus = useRefocus<HTMLElement>();
  const changed = (handle: string) => {
    setFailure(null);
    focus.later(`[data-follow="${CSS.escape(handle)}"]`);
    void engagement.reload();
  };
  const failed = (error: unknown) => setFailure(toFailure(error));

  let body = <p class="muted">{t('loading')}</p>;
  if (engagement.state === 'error') body = <ErrorText failure={engagement.error} />;
  if (engagement.state === 'ok') {
    const people = engagement.value.people.filter((p) => p.handle !== me);
    const network = people.filter((p) => p.inNetwork);
    const others = people.filter((p) => !p.inNetwork);
    body = (
      <>
        {network.length === 0 ? <p class="muted">{t('thisPageNobody')}</p> : null}
        <PeopleList people={network} me={me} onChanged={changed} onFailed={failed} />
        {others.length > 0 ? (
          <>
            <p class="muted">
              {tPlural('thisPageOthers', others.length, [formatCount(others.length)])}
            </p>
            <PeopleList people={others} me={me} onChanged={changed} onFailed={failed} />
          </>
        ) : null}
        {failure ? <ErrorText failure={failure} /> : null}
      </>
    );
  }
  return (
    <section class="this-page" aria-labelledby="this-page-title" ref={focus.ref}>
      <h3 id="this-page-title">{t('thisPageTitle')}</h3>
      {body}
    </section>
  );
}
