/**
 * "Join a closed group": a closed group is hidden from everyone outside it, so a person asks to
 * join with the id a member gave them (the id alone, or any text or link holding it). The text
 * stays in the field until the request went through.
 */
import { useState } from 'preact/hooks';
import { groupIdFrom } from '../core/groups.ts';
import type { Group } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';

export function AskToJoinForm({ onAsked }: { onAsked(group: Group): void }) {
  const { call } = useEnv();
  const [text, setText] = useState('');
  const [noId, setNoId] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));

  const submit = (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const id = groupIdFrom(text);
    setNoId(id === null);
    if (id === null) {
      document.getElementById('group-ask-id')?.focus();
      return;
    }
    void run(async () => {
      const group = await call('askToJoin', { id });
      setText('');
      onAsked(group);
    });
  };

  return (
    <section class="group-ask" aria-labelledby="group-ask-title">
      <h3 id="group-ask-title">{t('groupAskTitle')}</h3>
      <form onSubmit={submit} noValidate>
        <label for="group-ask-id">{t('groupAskLabel')}</label>
        <p class="muted" id="group-ask-help">
          {t('groupAskHelp')}
        </p>
        <input
          id="group-ask-id"
          type="text"
          value={text}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={noId}
          aria-describedby={noId ? 'group-ask-help group-ask-noid' : 'group-ask-help'}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        {noId ? (
          <p class="error" id="group-ask-noid">
            {t('groupAskNoId')}
          </p>
        ) : null}
        <div class="row">
          <button type="submit" disabled={busy}>
            {t('groupAskButton')}
          </button>
        </div>
        {failure ? <ErrorText lead={t('groupActionFailed')} failure={failure} /> : null}
      </form>
    </section>
  );
}
