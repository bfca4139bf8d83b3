/**
 * "Create a group": name, description and open or closed. What was typed stays in the fields
 * until the server created the group, so a refusal (shown beside the form) never loses it.
 */
import { useState } from 'preact/hooks';
import { isVisibleTag } from '../core/tags.ts';
import type { Group, GroupKind } from '../core/wire.ts';
import { LIMITS } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';

export function CreateGroupForm({ onCreated }: { onCreated(group: Group): void }) {
  const { call } = useEnv();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<GroupKind>('closed');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [missingName, setMissingName] = useState(false);
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));

  const submit = (e: Event) => {
    e.preventDefault();
    setFailure(null);
    // The server wants a visible character in the name; say so here, in words.
    if (!isVisibleTag(name)) {
      setMissingName(true);
      document.getElementById('group-name')?.focus();
      return;
    }
    setMissingName(false);
    void run(async () => {
      const group = await call('createGroup', {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        kind,
      });
      setName('');
      setDescription('');
      onCreated(group);
    });
  };

  return (
    <section class="group-create" aria-labelledby="group-create-title">
      <h3 id="group-create-title">{t('groupCreateTitle')}</h3>
      <form onSubmit={submit} noValidate>
        <label for="group-name">{t('groupName')}</label>
        <input
          id="group-name"
          type="text"
          value={name}
          maxLength={LIMITS.name}
          aria-invalid={missingName}
          aria-describedby={missingName ? 'group-name-missing' : undefined}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        {missingName ? (
          <p class="error" id="group-name-missing">
            {t('groupNameMissing')}
          </p>
        ) : null}
        <label for="group-description">{t('groupDescription')}</label>
        <textarea
          id="group-description"
          rows={2}
          value={description}
          maxLength={LIMITS.description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
        <fieldset class="group-kind">
          <legend>{t('groupKindLegend')}</legend>
          {(['closed', 'open'] as const).map((k) => (
            <label class="inline" key={k}>
              <input
                type="radio"
                name="group-kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
              />
              {t(`groupKindHelp_${k}`)}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            {t('groupCreate')}
          </button>
        </div>
        {failure ? <ErrorText lead={t('groupCreateFailed')} failure={failure} /> : null}
      </form>
    </section>
  );
}
