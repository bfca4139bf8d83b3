/** Why the popup cannot bookmark a page, in words. */
import { describe, expect, it } from 'vitest';
import { cannotBookmarkText } from '../../../src/popup/cannot-bookmark.ts';
import { installI18n } from '../ui/fake-i18n.ts';

describe('cannotBookmarkText', () => {
  it('words known reason codes and passes sentences through', () => {
    installI18n();
    expect(cannotBookmarkText('not-http')).toContain('web pages only');
    expect(cannotBookmarkText('too-long')).toContain('2,048');
    expect(cannotBookmarkText('Private browsing is off-limits.')).toBe(
      'Private browsing is off-limits.',
    );
    expect(cannotBookmarkText(null)).toContain('web pages only');
  });
});
