/**
 * The settings that apply to one page as its content script sees them, and the one rule over
 * them the background and both halves of the content script share. Kept free of the message
 * schemas (TypeBox), so the script every page runs can import it.
 */

/** The settings that apply to one page, as its content script sees them. */
export type ContentSettings = {
  overlay: boolean;
  linkMarks: boolean;
  excluded: boolean;
  signedIn: boolean;
  /** The local index knows at least one page: without one, no link can be marked. */
  knownPages: boolean;
};

/** The overlay may show anything at all on a page: signed in, not excluded, overlay on. */
export function overlayAllowed(settings: ContentSettings | null): boolean {
  return !!settings?.signedIn && !settings.excluded && settings.overlay;
}

/**
 * Link marks may be drawn on this page, and could find something: with an empty local index
 * the page's links are not even collected.
 */
export function marksAllowed(settings: ContentSettings | null): boolean {
  return !!settings?.signedIn && !settings.excluded && settings.linkMarks && settings.knownPages;
}
