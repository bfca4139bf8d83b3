/**
 * `__OUTLOUD_BENCH__`: true only in the bench build of the content script (esbuild `define`,
 * see `tests/e2e/content-harness.ts`), which leaves User Timing marks for `npm run bench`.
 * The shipped build (`scripts/build.ts`) and the tests define it `false`, so the marks and
 * their names are removed from what users install: a page reads no Outloud timing entries.
 */
declare const __OUTLOUD_BENCH__: boolean;
