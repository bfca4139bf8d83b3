/**
 * The wire limits the content script checks before it sends anything. They mirror `LIMITS` in
 * `src/core/wire.ts` (a unit test keeps them equal); importing that module at run time would
 * pull the whole TypeBox schema library into every page the content script runs on.
 */
export const CONTENT_LIMITS = { title: 500, comment: 5000, quote: 5000 } as const;
