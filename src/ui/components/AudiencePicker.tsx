/**
 * Who sees what is shared: Public, any of the person's groups (up to five at once), or Only me.
 * One group of native controls in a fieldset (radios for Public and Only me, a checkbox per
 * group), so it is reachable and operable by keyboard and read as one question by screen
 * readers. Used by the popup's bookmark editor, the status composer and the snippet composer on
 * pages; it holds no state of its own: the surface passes the audience and gets changes.
 */
import {
  type Audience,
  canAddGroup,
  MAX_AUDIENCE_GROUPS,
  ONLY_ME,
  PUBLIC,
  toggleGroup,
} from '../../core/audience.ts';
import type { GroupChoice } from '../../core/messages.ts';
import { t } from '../../i18n/i18n.ts';
import { Bdi } from './Bdi.tsx';

type Props = {
  /** Prefixes the controls' ids and name (two pickers on one page stay apart). */
  id: string;
  value: Audience;
  /** The person's groups, by name. */
  groups: readonly GroupChoice[];
  onChange(next: Audience): void;
  disabled?: boolean;
};

export function AudiencePicker({ id, value, groups, onChange, disabled }: Props) {
  const chosen = value.kind === 'group' ? value.groups : [];
  const full = !canAddGroup(value);
  // Said only while some group cannot be ticked for the limit.
  const limited = full && groups.length > MAX_AUDIENCE_GROUPS;
  const hint = `${id}-hint`;
  return (
    <fieldset class="audience" data-outloud="audience" disabled={disabled}>
      <legend>{t('audienceLegend')}</legend>
      <label class="inline">
        <input
          type="radio"
          id={`${id}-public`}
          name={`${id}-audience`}
          value="public"
          checked={value.kind === 'public'}
          onChange={() => onChange(PUBLIC)}
        />
        {t('audiencePublic')}
      </label>
      {groups.map((g) => {
        const on = chosen.includes(g.id);
        return (
          <label class="inline" key={g.id}>
            <input
              type="checkbox"
              name={`${id}-group`}
              value={g.id}
              checked={on}
              disabled={!on && full}
              aria-describedby={limited ? hint : undefined}
              onChange={(e) => onChange(toggleGroup(value, g.id, e.currentTarget.checked))}
            />
            <Bdi>{g.name}</Bdi>
          </label>
        );
      })}
      <label class="inline">
        <input
          type="radio"
          id={`${id}-private`}
          name={`${id}-audience`}
          value="private"
          checked={value.kind === 'private'}
          onChange={() => onChange(ONLY_ME)}
        />
        {t('audienceOnlyMe')}
      </label>
      {limited ? (
        <p id={hint} class="muted audience-hint">
          {/* A one-digit count, written alike in every UI language (no `Intl` in the overlay). */}
          {t('audienceMaxGroups', String(MAX_AUDIENCE_GROUPS))}
        </p>
      ) : null}
    </fieldset>
  );
}
