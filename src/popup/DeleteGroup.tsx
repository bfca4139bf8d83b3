/**
 * "Delete group" (owners only): asks first, saying what happens to what was shared with it
 * (items shared with it alone become private to their authors; items also shared with other
 * groups stay in those), then `DELETE /v1/groups/{id}`. Cancel puts focus back on the button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Group, GroupDeleted } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';

type Props = {
  group: Group;
  onDeleted(result: GroupDeleted): void;
};

export function DeleteGroup({ group, onDeleted }: Props) {
  const { call } = useEnv();
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));
  const start = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLParagraphElement>(null);
  const back = useRef(false);
  const prefix = `group-${group.id}-delete`;

  useEffect(() => {
    if (asking) question.current?.focus();
    else if (back.current) start.current?.focus();
    back.current = false;
  }, [asking]);

  const cancel = () => {
    back.current = true;
    setFailure(null);
    setAsking(false);
  };
  const confirm = () =>
    run(async () => {
      setFailure(null);
      onDeleted(await call('deleteGroup', { id: group.id }));
    });

  if (!asking) {
    return (
      <div class="row group-delete">
        <button
          type="button"
          ref={start}
          data-delete-group={group.id}
          onClick={() => setAsking(true)}
        >
          {t('groupDelete')}
          <span class="sr-only"> {group.name}</span>
        </button>
      </div>
    );
  }
  return (
    <div class="notice group-delete">
      <p id={`${prefix}-question`} tabIndex={-1} ref={question}>
        {t('groupDeleteQuestion', group.name)}
      </p>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => void confirm()}>
          {t('groupDeleteConfirm')}
        </button>
        <button type="button" onClick={cancel}>
          {t('groupEditCancel')}
        </button>
      </div>
      {failure ? <ErrorText lead={t('groupActionFailed')} failure={failure} /> : null}
    </div>
  );
}
