/** The tag of Outloud's one element on a page (see host.ts), for both halves of the script. */
export const HOST_TAG = 'outloud-root';
