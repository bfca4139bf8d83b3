/**
 * One of the person's groups, opened: its id to give people who want to ask to join (closed
 * groups), its members, and for its owners and moderators the roles and removals, the pending
 * requests (approve or refuse) and the flags on its items. The server decides; the controls
 * shown are only those it would allow (`roleChoices`, `canRemove`), and a refusal is shown.
 */
import { useState } from 'preact/hooks';
import { canRemove, flaggedItemsOf, moderates, roleChoices } from '../core/groups.ts';
import type { Group, GroupDeleted, GroupRole, Member } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useRefocus } from '../ui/use-refocus.ts';
import { DeleteGroup } from './DeleteGroup.tsx';
import { EditGroupForm } from './EditGroupForm.tsx';
import { FlagList } from './FlagList.tsx';

type Props = {
  group: Group;
  me: string;
  /** After a change the group list may show (member count, the person's own role). */
  onChanged(): void;
  /** After its owner deleted it (the answer says how many items became private). */
  onDeleted(result: GroupDeleted): void;
};

export function GroupDetail({ group, me, onChanged, onDeleted }: Props) {
  const { call } = useEnv();
  const mod = moderates(group.role);
  const members = useAsync(() => call('groupMembers', { id: group.id }), [group.id]);
  const flags = useAsync(
    () => (mod ? call('groupFlags', {}) : Promise.resolve([])),
    [group.id, mod],
  );
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, run] = useAction((error) => {
    setFailure(toFailure(error));
    void members.reload();
  });
  const focus = useRefocus<HTMLDivElement>();
  const prefix = `group-${group.id}`;
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  /** Closes the edit form, focus back on its Edit button. */
  const closeEdit = () => {
    setEditing(false);
    focus.later(`[data-edit-group="${CSS.escape(group.id)}"]`);
  };

  const act = (work: () => Promise<unknown>, then: string) =>
    run(async () => {
      setFailure(null);
      await work();
      focus.later(then);
      await members.reload();
      onChanged();
    });

  const setRole = (m: Member, role: GroupRole) =>
    act(
      () => call('setMemberRole', { id: group.id, handle: m.handle, role }),
      `[data-role-of="${CSS.escape(m.handle)}"]`,
    );
  const remove = (m: Member) =>
    act(() => call('removeMember', { id: group.id, handle: m.handle }), `#${prefix}-members`);
  const answer = (handle: string, approve: boolean) =>
    act(() => call('answerRequest', { id: group.id, handle, approve }), `#${prefix}-requests`);

  return (
    <div class="group-detail" id={`${prefix}-detail`} ref={focus.ref}>
      {mod ? (
        <div class="row">
          <button
            type="button"
            data-edit-group={group.id}
            aria-expanded={editing}
            aria-controls={editing ? `${prefix}-edit` : undefined}
            onClick={() => {
              setSaved(false);
              setEditing(!editing);
            }}
          >
            {t('groupEdit')}
            <span class="sr-only"> {group.name}</span>
          </button>
          <span role="status" class="ok">
            {saved ? t('groupEditSaved') : ''}
          </span>
        </div>
      ) : null}
      {editing ? (
        <EditGroupForm
          group={group}
          onSaved={() => {
            setSaved(true);
            closeEdit();
            onChanged();
          }}
          onCancel={closeEdit}
        />
      ) : null}
      {group.description ? (
        <p class="group-description">
          <Bdi>{group.description}</Bdi>
        </p>
      ) : null}
      {group.kind === 'closed' ? <ShareId id={group.id} /> : null}
      <h4 id={`${prefix}-members`} tabIndex={-1}>
        {t('groupMembers')}
      </h4>
      {members.state === 'loading' ? <p class="muted">{t('loading')}</p> : null}
      {members.state === 'error' ? <ErrorText failure={members.error} /> : null}
      {members.state === 'ok' ? (
        <ul class="members">
          {members.value.items.map((m) => {
            const self = m.handle === me;
            const choices = roleChoices(group.role, m.role, self);
            return (
              <li key={m.handle} data-member={m.handle}>
                <span title={`@${m.handle}`}>
                  <Bdi>{m.name || m.handle}</Bdi>
                </span>
                {choices.length > 0 ? (
                  <span class="member-actions">
                    <label class="sr-only" for={`${prefix}-role-${m.handle}`}>
                      {t('groupRoleOf', m.name || m.handle)}
                    </label>
                    <select
                      id={`${prefix}-role-${m.handle}`}
                      data-role-of={m.handle}
                      value={m.role}
                      onChange={(e) => void setRole(m, e.currentTarget.value as GroupRole)}
                    >
                      {choices.map((r) => (
                        <option key={r} value={r}>
                          {t(`groupRole_${r}`)}
                        </option>
                      ))}
                    </select>
                    {canRemove(group.role, m.role, self) ? (
                      <button type="button" disabled={busy} onClick={() => void remove(m)}>
                        {t('groupRemove')}
                        <span class="sr-only"> {m.name || m.handle}</span>
                      </button>
                    ) : null}
                  </span>
                ) : (
                  <span class="muted">{t(`groupRole_${m.role}`)}</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {mod && members.state === 'ok' ? (
        <>
          <h4 id={`${prefix}-requests`} tabIndex={-1}>
            {t('groupRequests')}
          </h4>
          {members.value.requests.length === 0 ? (
            <p class="muted">{t('groupRequestsNone')}</p>
          ) : (
            <ul class="members">
              {members.value.requests.map((r) => (
                <li key={r.handle} data-request={r.handle}>
                  <span title={`@${r.handle}`}>
                    <Bdi>{r.name || r.handle}</Bdi>
                  </span>
                  <span class="member-actions">
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void answer(r.handle, true)}
                    >
                      {t('groupApprove')}
                      <span class="sr-only"> {r.name || r.handle}</span>
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void answer(r.handle, false)}
                    >
                      {t('groupRefuse')}
                      <span class="sr-only"> {r.name || r.handle}</span>
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {failure ? <ErrorText lead={t('groupActionFailed')} failure={failure} /> : null}
      {mod ? (
        <>
          <h4>{t('groupFlags')}</h4>
          {flags.state === 'loading' ? <p class="muted">{t('loading')}</p> : null}
          {flags.state === 'error' ? <ErrorText failure={flags.error} /> : null}
          {flags.state === 'ok' ? (
            <FlagList entries={flaggedItemsOf(flags.value, group.id)} onFailed={setFailure} />
          ) : null}
        </>
      ) : null}
      {group.role === 'owner' ? <DeleteGroup group={group} onDeleted={onDeleted} /> : null}
    </div>
  );
}

/** The group's id, to give a person who wants to ask to join, with a copy button. */
function ShareId({ id }: { id: string }) {
  const { copyText } = useEnv();
  const [said, setSaid] = useState<'groupIdCopied' | 'groupIdCopyFailed' | null>(null);
  const copy = async () => {
    setSaid(null);
    try {
      await copyText(id);
      setSaid('groupIdCopied');
    } catch {
      setSaid('groupIdCopyFailed');
    }
  };
  return (
    <div class="group-share">
      <p class="muted" id={`group-${id}-share`}>
        {t('groupShareId')}
      </p>
      <div class="row">
        <code class="group-id" data-group-id={id}>
          {id}
        </code>
        <button type="button" aria-describedby={`group-${id}-share`} onClick={() => void copy()}>
          {t('groupCopyId')}
        </button>
        <span role="status" class="muted">
          {said ? t(said) : ''}
        </span>
      </div>
    </div>
  );
}
