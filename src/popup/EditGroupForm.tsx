/**
 * "Edit group" (owners and moderators): the group's name, description and open or closed, as
 * `PUT /v1/groups/{id}` takes them. Opening a closed group is said before it is saved (everyone
 * in the organisation then sees what was shared with it). What was typed stays in the fields
 * after a refusal; the group list shows the saved words once the server took them.
 */
import { useState } from 'preact/hooks';
import type { Group } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';
import { GroupFields, type GroupFieldValues, nameGiven } from './GroupFields.tsx';

type Props = {
  group: Group;
  /** After the server saved it. */
  onSaved(group: Group): void;
  onCancel(): void;
};

export function EditGroupForm({ group, onSaved, onCancel }: Props) {
  const { call } = useEnv();
  const [fields, setFields] = useState<GroupFieldValues>({
    name: group.name,
    description: group.description,
    kind: group.kind,
  });
  const { name, description, kind } = fields;
  const [failure, setFailure] = useState<Failure | null>(null);
  const [missingName, setMissingName] = useState(false);
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));
  const prefix = `group-${group.id}-edit`;
  const opening = group.kind === 'closed' && kind === 'open';

  const submit = (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const given = nameGiven(name, prefix);
    setMissingName(!given);
    if (!given) return;
    void run(async () => {
      const saved = await call('editGroup', {
        id: group.id,
        name: name.trim(),
        description: description.trim(),
        kind,
      });
      onSaved(saved);
    });
  };

  return (
    <form class="group-edit" id={prefix} onSubmit={submit} noValidate>
      <GroupFields
        prefix={prefix}
        {...fields}
        missingName={missingName}
        openNote={opening ? `${prefix}-opening` : undefined}
        onChange={(values) => setFields((was) => ({ ...was, ...values }))}
      />
      {opening ? (
        <p class="notice" id={`${prefix}-opening`}>
          {t('groupEditOpening')}
        </p>
      ) : null}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t('groupEditSave')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('groupEditCancel')}
        </button>
      </div>
      {failure ? <ErrorText lead={t('groupEditFailed')} failure={failure} /> : null}
    </form>
  );
}
