/** Share the page with a status update: text with @mentions, "this is a question", audience. */
import { useState } from 'preact/hooks';
import type { Visibility } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { MentionTextarea } from '../ui/components/MentionTextarea.tsx';
import type { SidePanelApi } from './api.ts';

export type StatusFormProps = {
  api: SidePanelApi;
  url: string;
  title: string;
  onPosted(): void;
  fail(error: unknown): void;
};

export function StatusForm({ api, url, title, onPosted, fail }: StatusFormProps) {
  const [text, setText] = useState('');
  const [question, setQuestion] = useState(false);
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await api.call('postStatus', {
        text: text.trim(),
        url,
        title: title.slice(0, 500),
        question,
        visibility,
      });
      setText('');
      setQuestion(false);
      onPosted();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="status-form" onSubmit={submit} aria-label={t('sidepanelStatusLabel')}>
      <MentionTextarea
        id="status"
        value={text}
        label={t('sidepanelStatusLabel')}
        placeholder={t('sidepanelStatusPlaceholder')}
        maxLength={2000}
        onChange={setText}
        search={(q) => api.call('searchPeople', { q, limit: 6 })}
      />
      <div class="row">
        <label class="inline">
          <input
            type="checkbox"
            checked={question}
            onChange={(e) => setQuestion(e.currentTarget.checked)}
          />{' '}
          {t('sidepanelQuestion')}
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={visibility === 'private'}
            onChange={(e) => setVisibility(e.currentTarget.checked ? 'private' : 'public')}
          />{' '}
          {t('sidepanelPrivate')}
        </label>
        <button type="submit" disabled={busy || !text.trim()}>
          {t('sidepanelPost')}
        </button>
      </div>
    </form>
  );
}
