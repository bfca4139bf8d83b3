/**
 * The base of items' web permalinks (`SyncStatus.permalinkBase`, the server's public address),
 * asked of the background once per page environment and shared by every card on the page;
 * null until it is known, when the server has none, or when the question fails.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Call, useEnv } from './env.ts';

const asked = new WeakMap<Call, Promise<string | null>>();

function permalinkBase(call: Call): Promise<string | null> {
  let answer = asked.get(call);
  if (!answer) {
    answer = call('getStatus', {}).then(
      (status) => status.permalinkBase ?? null,
      () => null,
    );
    asked.set(call, answer);
  }
  return answer;
}

export function usePermalinkBase(): string | null {
  const { call } = useEnv();
  const [base, setBase] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void permalinkBase(call).then((b) => {
      if (live) setBase(b);
    });
    return () => {
      live = false;
    };
  }, [call]);
  return base;
}
