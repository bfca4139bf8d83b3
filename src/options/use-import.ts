/**
 * Running an import from the options page: the entries go to the background in batches
 * (`importBookmarks`), the progress is counted as each batch answers, and the batch summaries
 * are added up. One import at a time; a failure stops it and keeps what was counted so far.
 */
import { useState } from 'preact/hooks';
import { batches, type ImportEntry } from '../core/import-entry.ts';
import type { ImportSummary } from '../core/messages.ts';
import type { Visibility } from '../core/wire.ts';
import { type Call, type Failure, toFailure } from '../ui/env.ts';

export type ImportRun =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number }
  | { state: 'done'; summary: ImportSummary }
  | { state: 'empty'; messageKey: string }
  | { state: 'failed'; failure: Failure; summary: ImportSummary };

/** Adds batch `b` into `total` (in place) and answers it. */
export function addSummary(total: ImportSummary, b: ImportSummary): ImportSummary {
  total.imported += b.imported;
  total.existing += b.existing;
  total.refused.push(...b.refused);
  return total;
}

export function useImport(call: Call) {
  const [run, setRun] = useState<ImportRun>({ state: 'idle' });

  /** Imports `entries`; `emptyKey` is the message shown when there are none. */
  const start = async (entries: ImportEntry[], visibility: Visibility, emptyKey: string) => {
    if (entries.length === 0) return setRun({ state: 'empty', messageKey: emptyKey });
    const summary: ImportSummary = { imported: 0, existing: 0, refused: [] };
    let done = 0;
    setRun({ state: 'running', done, total: entries.length });
    try {
      for (const batch of batches(entries)) {
        addSummary(summary, await call('importBookmarks', { bookmarks: batch, visibility }));
        done += batch.length;
        setRun({ state: 'running', done, total: entries.length });
      }
      setRun({ state: 'done', summary });
    } catch (error) {
      setRun({ state: 'failed', failure: toFailure(error), summary });
    }
  };

  return {
    run,
    busy: run.state === 'running',
    start,
    fail: (failure: Failure) =>
      setRun({ state: 'failed', failure, summary: { imported: 0, existing: 0, refused: [] } }),
  };
}
