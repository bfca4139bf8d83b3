/**
 * "Edit group" (owners and moderators): the group's name, description and open or closed, as
 * `PUT /v1/groups/{id}` takes them. Opening a closed group is said before it is saved (everyone
 * in the organisation then sees what was shared with it). What was typed stays in the fields
 * after a refusal; the group list shows the saved words once the server took them.
 */
import { useState } from 'preact/hooks';
import { isVisibleTag } from '../core/tags.ts';
import type { Group, GroupKind } from '../core/wire.ts';
import { LIMITS } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';

type Props = {
  group: Group;
  /** After the server saved it. */
  onSaved(group: Group): void;
  onCancel(): void;
};

export function EditGroupForm({ group, onSaved, onCancel }: Props) {
  const { call } = useEnv();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [kind, setKind] = useState<GroupKind>(group.kind);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [missingName, setMissingName] = useState(false);
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));
  const prefix = `group-${group.id}-edit`;
  const opening = group.kind === 'closed' && kind === 'open';

  const submit = (e: Event) => {
    e.preventDefault();
    setFailure(null);
    if (!isVisibleTag(name)) {
      setMissingName(true);
      document.getElementById(`${prefix}-name`)?.focus();
      return;
    }
    setMissingName(false);
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
      <label for={`${prefix}-name`}>{t('groupName')}</label>
      <input
        id={`${prefix}-name`}
        type="text"
        value={name}
        maxLength={LIMITS.name}
        aria-invalid={missingName}
        aria-describedby={missingName ? `${prefix}-name-missing` : undefined}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      {missingName ? (
        <p class="error" id={`${prefix}-name-missing`}>
          {t('groupNameMissing')}
        </p>
      ) : null}
      <label for={`${prefix}-description`}>{t('groupDescription')}</label>
      <textarea
        id={`${prefix}-description`}
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
              name={`${prefix}-kind`}
              value={k}
              checked={kind === k}
              aria-describedby={k === 'open' && opening ? `${prefix}-opening` : undefined}
              onChange={() => setKind(k)}
            />
            {t(`groupKindHelp_${k}`)}
          </label>
        ))}
      </fieldset>
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
