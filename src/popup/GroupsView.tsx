/**
 * The popup's "Groups" view (issue 15): the person's groups (name, open or closed, their role),
 * each opening to its members and, for its moderators, requests and flags (`GroupDetail`); the
 * closed groups they asked to join; open groups to join; asking to join a closed group by its
 * id; creating a group. Every action goes to the server at once and its refusal is shown.
 */
import { useState } from 'preact/hooks';
import { groupLists } from '../core/groups.ts';
import type { Group, GroupDeleted } from '../core/wire.ts';
import { formatCount, t, tPlural } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useRefocus } from '../ui/use-refocus.ts';
import { AskToJoinForm } from './AskToJoinForm.tsx';
import { CreateGroupForm } from './CreateGroupForm.tsx';
import { GroupDetail } from './GroupDetail.tsx';

const kindAndCount = (g: Group) =>
  `${t(`groupKind_${g.kind}`)} · ${tPlural('groupMemberCount', g.members, [formatCount(g.members)])}`;

export function GroupsView({ me }: { me: string }) {
  const { call } = useEnv();
  const groups = useAsync(() => call('listGroups', {}), []);
  const [opened, setOpened] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [said, setSaid] = useState('');
  const [busy, run] = useAction((error) => setFailure(toFailure(error)));
  const focus = useRefocus<HTMLDivElement>();

  /** Runs an action on group `g`, then says `words` and puts focus on `then` once re-listed. */
  const act = (work: () => Promise<unknown>, words: string, then: string) =>
    run(async () => {
      setFailure(null);
      setSaid('');
      await work();
      setSaid(words);
      focus.later(then);
      await groups.reload();
    });

  const join = (g: Group) =>
    act(() => call('joinGroup', { id: g.id }), t('groupJoined', g.name), `[data-toggle="${g.id}"]`);
  const leave = (g: Group) => {
    if (opened === g.id) setOpened(null);
    return act(
      () => call('leaveGroup', { id: g.id }),
      t(g.role === null ? 'groupWithdrawn' : 'groupLeft', g.name),
      '#groups-mine-title',
    );
  };
  const afterCreate = (g: Group) => {
    setSaid(t('groupCreated', g.name));
    setOpened(g.id);
    focus.later(`[data-toggle="${g.id}"]`);
    void groups.reload();
  };
  /** Its owner deleted `g`: say so, with what became of what was shared with it alone. */
  const deleted = (g: Group, result: GroupDeleted) => {
    setOpened(null);
    setFailure(null);
    const n = result.itemsMadePrivate;
    setSaid(
      `${t('groupDeleted', g.name)} ${tPlural('groupItemsMadePrivate', n, [formatCount(n)])}`,
    );
    focus.later('#groups-mine-title');
    void groups.reload();
  };
  const afterAsk = (g: Group) => {
    setSaid(t('groupAsked', g.name));
    focus.later(`[data-withdraw="${g.id}"]`);
    void groups.reload();
  };

  if (groups.state === 'loading') return <p class="muted">{t('loading')}</p>;
  if (groups.state === 'error') return <ErrorText failure={groups.error} />;
  const lists = groupLists(groups.value);

  return (
    <div class="groups" ref={focus.ref}>
      <p role="status" class="ok">
        {said}
      </p>
      {failure ? <ErrorText lead={t('groupActionFailed')} failure={failure} /> : null}
      <section aria-labelledby="groups-mine-title">
        <h3 id="groups-mine-title" tabIndex={-1}>
          {t('groupsMine')}
        </h3>
        {lists.mine.length === 0 ? <p class="muted">{t('groupsNone')}</p> : null}
        <ul class="group-list">
          {lists.mine.map((g) => (
            <li key={g.id} data-group={g.id}>
              <div class="group-head">
                <button
                  type="button"
                  class="group-toggle"
                  data-toggle={g.id}
                  aria-expanded={opened === g.id}
                  aria-controls={opened === g.id ? `group-${g.id}-detail` : undefined}
                  onClick={() => setOpened(opened === g.id ? null : g.id)}
                >
                  <Bdi>{g.name}</Bdi>
                </button>
                <button type="button" disabled={busy} onClick={() => void leave(g)}>
                  {t('groupLeave')}
                  <span class="sr-only"> {g.name}</span>
                </button>
              </div>
              <p class="muted">
                {kindAndCount(g)} · {t(`groupRole_${g.role}`)}
              </p>
              {opened === g.id ? (
                <GroupDetail
                  group={g}
                  me={me}
                  onChanged={() => void groups.reload()}
                  onDeleted={(result) => deleted(g, result)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {lists.pending.length > 0 ? (
        <section aria-labelledby="groups-pending-title">
          <h3 id="groups-pending-title">{t('groupsPending')}</h3>
          <ul class="group-list">
            {lists.pending.map((g) => (
              <li key={g.id} data-group={g.id}>
                <div class="group-head">
                  <strong>
                    <Bdi>{g.name}</Bdi>
                  </strong>
                  <button
                    type="button"
                    data-withdraw={g.id}
                    disabled={busy}
                    onClick={() => void leave(g)}
                  >
                    {t('groupWithdraw')}
                    <span class="sr-only"> {g.name}</span>
                  </button>
                </div>
                <p class="muted">{kindAndCount(g)}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="groups-open-title">
        <h3 id="groups-open-title">{t('groupsOpen')}</h3>
        {lists.open.length === 0 ? <p class="muted">{t('groupsOpenNone')}</p> : null}
        <ul class="group-list">
          {lists.open.map((g) => (
            <li key={g.id} data-group={g.id}>
              <div class="group-head">
                <strong>
                  <Bdi>{g.name}</Bdi>
                </strong>
                <button type="button" disabled={busy} onClick={() => void join(g)}>
                  {t('groupJoin')}
                  <span class="sr-only"> {g.name}</span>
                </button>
              </div>
              <p class="muted">{kindAndCount(g)}</p>
              {g.description ? (
                <p class="group-description">
                  <Bdi>{g.description}</Bdi>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <AskToJoinForm onAsked={afterAsk} />
      <CreateGroupForm onCreated={afterCreate} />
    </div>
  );
}
