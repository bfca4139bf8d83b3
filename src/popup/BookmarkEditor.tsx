/**
 * Editing the bookmark just saved (or found). Saving is automatic and explicit about when:
 * title and description 600 ms after the last keystroke, and at once on leaving the field or on
 * Enter (Ctrl/Cmd+Enter in the description); tags and the audience (Public, my groups, Only
 * me) at once; and anything still pending when the popup closes. The audience chosen is the
 * site's next default. Focus starts in the tags field. Undo deletes the bookmark just made; on a
 * bookmark found from before, the same button says Delete.
 */
import { useState } from 'preact/hooks';
import { type Audience, audienceFields, audienceOf, groupLabelNames } from '../core/audience.ts';
import { LIMITS } from '../core/limits.ts';
import type { Bookmark } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { AudiencePicker } from '../ui/components/AudiencePicker.tsx';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { TagInput } from '../ui/components/TagInput.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useAsync } from '../ui/use-async.ts';
import { useAutosave } from '../ui/use-autosave.ts';

type Patch = Pick<Bookmark, 'title' | 'description' | 'tags' | 'visibility' | 'groups'>;

/** A patch as sent: fields set to `undefined` (groups left behind by a wider choice) dropped. */
function defined(patch: Partial<Patch>): Partial<Patch> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

type Props = {
  bookmark: Bookmark;
  created: boolean;
  removedParams: string[];
  onRemoved(): void;
};

/** Quiet time after the last keystroke before a title or description edit is saved. */
export const TYPING_SAVE_DELAY_MS = 600;

export function BookmarkEditor({ bookmark, created, removedParams, onRemoved }: Props) {
  const { call } = useEnv();
  const [title, setTitle] = useState(bookmark.title);
  const [description, setDescription] = useState(bookmark.description);
  const [tags, setTags] = useState(bookmark.tags);
  const [audience, setAudience] = useState<Audience>(audienceOf(bookmark));
  const [undoing, setUndoing] = useState(false);
  const [undoError, setUndoError] = useState<Failure | null>(null);
  const known = useAsync(() => call('myTags', {}), []);
  const choices = useAsync(() => call('audienceChoices', { url: bookmark.url }), [bookmark.url]);
  const groups = choices.state === 'ok' ? choices.value.groups : [];
  const autosave = useAutosave<Patch>(async (patch) => {
    await call('updateBookmark', { id: bookmark.id, patch: defined(patch) });
  }, TYPING_SAVE_DELAY_MS);
  const choose = (next: Audience) => {
    setAudience(next);
    // Both fields every time, so a wider choice drops the groups of a narrower one pending.
    const fields = audienceFields(next);
    const groups = 'groups' in fields ? fields.groups : undefined;
    autosave.schedule({ visibility: fields.visibility, groups }, true);
    void call('rememberAudience', { url: bookmark.url, audience: next }).catch(() => undefined);
  };

  const undo = async () => {
    autosave.cancel();
    setUndoing(true);
    setUndoError(null);
    try {
      await autosave.flush();
      await call('deleteBookmark', { id: bookmark.id });
      onRemoved();
    } catch (error) {
      setUndoError(toFailure(error));
      setUndoing(false);
    }
  };

  const names = Object.fromEntries(groups.map((g) => [g.id, g.name]));
  const heading =
    audience.kind === 'public'
      ? t('savedPublicly')
      : audience.kind === 'private'
        ? t('savedPrivately')
        : t('savedInGroups', groupLabelNames(audience.groups, names).names.join(', '));
  const save = autosave.status;
  return (
    <section class="bookmark" aria-labelledby="bookmark-title">
      <div class="saved-head">
        <h2 id="bookmark-title" role="status" class="ok">
          {heading}
        </h2>
        <button type="button" onClick={undo} disabled={undoing}>
          {created ? t('undo') : t('deleteBookmark')}
        </button>
      </div>
      {created ? null : <p class="muted">{t('bookmarkExisting')}</p>}
      {removedParams.length > 0 ? (
        <p class="notice" data-testid="removed-params">
          {t('removedParams', removedParams.join(', '))}
        </p>
      ) : null}
      {undoError ? <ErrorText lead={t('undoFailed')} failure={undoError} /> : null}

      <label for="bm-title">{t('fieldTitle')}</label>
      <input
        id="bm-title"
        type="text"
        maxLength={LIMITS.title}
        value={title}
        onInput={(e) => {
          setTitle(e.currentTarget.value);
          autosave.schedule({ title: e.currentTarget.value });
        }}
        onBlur={() => void autosave.flush()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void autosave.flush();
          }
        }}
      />
      <label for="bm-description">{t('fieldDescription')}</label>
      <textarea
        id="bm-description"
        rows={2}
        maxLength={LIMITS.description}
        value={description}
        placeholder={t('descriptionPlaceholder')}
        onInput={(e) => {
          setDescription(e.currentTarget.value);
          autosave.schedule({ description: e.currentTarget.value });
        }}
        onBlur={() => void autosave.flush()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void autosave.flush();
          }
        }}
      />
      <label for="bm-tags">{t('fieldTags')}</label>
      <TagInput
        id="bm-tags"
        autoFocus
        tags={tags}
        known={known.state === 'ok' ? known.value : []}
        onChange={(next) => {
          setTags(next);
          autosave.schedule({ tags: next }, true);
        }}
      />
      <AudiencePicker id="bm" value={audience} groups={groups} onChange={choose} />
      {audience.kind !== 'group' ? (
        <p class="muted">
          {audience.kind === 'public' ? t('visibilityPublicHelp') : t('visibilityPrivateHelp')}
        </p>
      ) : null}
      <p class="muted save-state" aria-live="polite">
        {save.state === 'saving' ? t('changesSaving') : null}
        {save.state === 'saved' ? t('changesSaved') : null}
      </p>
      {save.state === 'error' ? <ErrorText lead={t('changesFailed')} failure={save.error} /> : null}
    </section>
  );
}
