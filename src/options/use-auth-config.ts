/**
 * What the server being typed in offers for signing in (`authConfig`, asked of the background):
 * at once for the address the page opened with, and again a moment after a typed address stops
 * changing. Null while unknown: no address yet, not
 * an http(s) one, or the server could not be asked (the token form stays, and a sign-in attempt
 * says why).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuthConfig } from '../core/sign-in.ts';
import { useEnv } from '../ui/env.ts';

const SETTLE_MS = 400;

/** The address as the sign-in uses it: trimmed, without trailing slashes. */
export function cleanAddress(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export function useAuthConfig(url: string, wait = SETTLE_MS): AuthConfig | null {
  const { call } = useEnv();
  const [config, setConfig] = useState<{ url: string; value: AuthConfig } | null>(null);
  const address = cleanAddress(url);
  const first = useRef<string | null>(null);

  useEffect(() => {
    if (!/^https?:\/\/[^/]/i.test(address)) return;
    // The first address is the stored (or preset) one: asked at once.
    first.current ??= address;
    let live = true;
    const delay = address === first.current ? 0 : wait;
    const timer = setTimeout(() => {
      call('authConfig', { serverUrl: address }).then(
        (value) => {
          if (live) setConfig({ url: address, value });
        },
        () => {
          if (live) setConfig(null);
        },
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [address, call, wait]);

  return config?.url === address ? config.value : null;
}
