/**
 * The small label that says which group(s) an item is shared with, by name (`groupLabelNames`),
 * on feed entries, notifications, the side panel and the overlay's cards. Names are isolated
 * (`Bdi`): a group's name is text people wrote.
 */
import { groupLabelNames } from '../../core/audience.ts';
import { t } from '../../i18n/i18n.ts';
import { Bdi } from './Bdi.tsx';

type Props = {
  item: { visibility: string; groups?: readonly string[] };
  /** Group names by id, as far as they are known. */
  names: Readonly<Record<string, string>> | undefined;
  class?: string;
};

export function GroupLabel({ item, names, class: extra }: Props) {
  if (item.visibility !== 'group') return null;
  const label = groupLabelNames(item.groups, names ?? {});
  const shown = label.names.length > 0 ? label.names.join(', ') : t('groupLabelUnknown');
  return (
    <span
      class={`badge group-label${extra ? ` ${extra}` : ''}`}
      data-outloud="group-label"
      title={t('groupLabelTitle', shown)}
    >
      <Bdi>{shown}</Bdi>
    </span>
  );
}
