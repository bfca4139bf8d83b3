/**
 * "This page": who in your network engaged with the current page and how, answered by the
 * background from its local engagement index (nothing is sent to the server for this).
 */
import type { PagePerson } from '../core/messages.ts';
import { formatCount, t, tPlural } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { useEnv } from '../ui/env.ts';
import { useAsync } from '../ui/use-async.ts';

function kindsText(person: PagePerson): string {
  return person.kinds.map((kind) => t(`engagedKind_${kind}`)).join(', ');
}

/** `me` is left out of the list: the page is about what others did. */
export function ThisPage({ url, me }: { url: string; me: string | null }) {
  const { call } = useEnv();
  const engagement = useAsync(() => call('pageEngagement', { url }), [url]);

  let body = <p class="muted">{t('loading')}</p>;
  if (engagement.state === 'error') body = <ErrorText failure={engagement.error} />;
  if (engagement.state === 'ok') {
    const people = engagement.value.people.filter((p) => p.handle !== me);
    const network = people.filter((p) => p.inNetwork);
    const others = people.length - network.length;
    body = (
      <>
        {network.length === 0 ? <p class="muted">{t('thisPageNobody')}</p> : null}
        <ul class="people">
          {network.map((p) => (
            <li key={p.handle}>
              <strong title={`@${p.handle}`}>
                <Bdi>{p.name}</Bdi>
              </strong>{' '}
              <span class="muted">{kindsText(p)}</span>
            </li>
          ))}
        </ul>
        {others > 0 ? (
          <p class="muted">{tPlural('thisPageOthers', others, [formatCount(others)])}</p>
        ) : null}
      </>
    );
  }
  return (
    <section class="this-page" aria-labelledby="this-page-title">
      <h3 id="this-page-title">{t('thisPageTitle')}</h3>
      {body}
    </section>
  );
}
