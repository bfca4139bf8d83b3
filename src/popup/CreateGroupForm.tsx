/**
 * "Create a group": name, description and open or closed. What was typed stays in the fields
 * until the server created the group, so a refusal (shown beside the form) never loses it.
 */
import { useState } from 'preact/hooks';
import type { Group } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';
import { GroupFields, type GroupFieldValues, nameGiven } from './GroupFields.tsx';

export function CreateGroupForm({ onCreated }: { onCreated(group: Group): void }) {
  const { call } = useEnv();
  const [fields, setFields] = useState<GroupFieldValues>({
    name: '',
    description: '',
    kind: 'closed',
  });
  const { name, description, kind } = fields;
  const [failure, setFailure] = useState<Failure | null>(null);
  const [missingName, setMissingName] = useState(false);
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));

  const submit = (e: Event) => {
    e.preventDefault();
    setFailure(null);
    // The server wants a visible character in the name; say so here, in words.
    const given = nameGiven(name, 'group');
    setMissingName(!given);
    if (!given) return;
    void run(async () => {
      const group = await call('createGroup', {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        kind,
      });
      setFields({ name: '', description: '', kind });
      onCreated(group);
    });
  };

  return (
    <section class="group-create" aria-labelledby="group-create-title">
      <h3 id="group-create-title">{t('groupCreateTitle')}</h3>
      <form onSubmit={submit} noValidate>
        <GroupFields
          prefix="group"
          {...fields}
          missingName={missingName}
          onChange={(values) => setFields((was) => ({ ...was, ...values }))}
        />
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
