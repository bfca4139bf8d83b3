/**
 * Every message key the pages use exists in the English locale, and every placeholder is
 * declared: a missing key would show its raw name to people.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './fake-i18n.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DIRS = ['src/popup', 'src/options', 'src/ui'];

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name))
    .map((d) => readFileSync(path.join(d.parentPath, d.name), 'utf8'));
}

describe('en messages', () => {
  const code = DIRS.flatMap(sources).join('\n');

  it('has every literal key passed to t()', () => {
    const keys = [...code.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !MESSAGES[k])).toEqual([]);
  });

  it('has every key built from a prefix and a known kind', () => {
    const families: Record<string, string[]> = {
      engagedKind_: ['bookmark', 'snippet', 'status', 'comment', 'like'],
      itemType_: ['bookmark', 'snippet', 'status', 'comment', 'like', 'follow'],
      lookupMode_: ['local', 'range', 'exact'],
      lookupModeHelp_: ['local', 'range', 'exact'],
      notificationVerb_: ['mention', 'comment', 'like'],
      feedVerb: ['Bookmark', 'Snippet', 'Status', 'Question', 'Comment'],
    };
    const missing = Object.entries(families).flatMap(([prefix, kinds]) =>
      kinds.map((k) => prefix + k).filter((key) => !MESSAGES[key]),
    );
    expect(missing).toEqual([]);
  });

  it('declares every $PLACEHOLDER$ it uses', () => {
    const broken = Object.entries(MESSAGES).filter(([, entry]) =>
      [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].some(
        (m) => !entry.placeholders?.[m[1]!.toLowerCase()],
      ),
    );
    expect(broken.map(([key]) => key)).toEqual([]);
  });
});
