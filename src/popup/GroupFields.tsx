/**
 * The fields a group is made of, as "Create a group" and "Edit group" both ask for them: its name
 * (with the words for a name left empty), description and open or closed. Ids start with
 * `prefix`, so several forms can be on one popup at once.
 */
import { isVisibleTag } from '../core/tags.ts';
import type { GroupKind } from '../core/wire.ts';
import { LIMITS } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';

export type GroupFieldValues = { name: string; description: string; kind: GroupKind };

type Props = GroupFieldValues & {
  prefix: string;
  /** The name was sent empty: say so beside the field. */
  missingName: boolean;
  /** The id of a notice the "open" choice should point to (opening a closed group), if any. */
  openNote?: string;
  onChange(values: Partial<GroupFieldValues>): void;
};

/**
 * True when `name` holds a visible character (what the server requires); otherwise focuses the
 * form's name field so the person sees why nothing was sent.
 */
export function nameGiven(name: string, prefix: string): boolean {
  if (isVisibleTag(name)) return true;
  document.getElementById(`${prefix}-name`)?.focus();
  return false;
}

export function GroupFields({
  prefix,
  name,
  description,
  kind,
  missingName,
  openNote,
  onChange,
}: Props) {
  return (
    <>
      <label for={`${prefix}-name`}>{t('groupName')}</label>
      <input
        id={`${prefix}-name`}
        type="text"
        value={name}
        maxLength={LIMITS.name}
        aria-invalid={missingName}
        aria-describedby={missingName ? `${prefix}-name-missing` : undefined}
        onInput={(e) => onChange({ name: e.currentTarget.value })}
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
        onInput={(e) => onChange({ description: e.currentTarget.value })}
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
              aria-describedby={k === 'open' ? openNote : undefined}
              onChange={() => onChange({ kind: k })}
            />
            {t(`groupKindHelp_${k}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}
