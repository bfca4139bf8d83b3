/**
 * The extension's message schemas take the server's input schemas rather than restating them,
 * and the kinds of engagement are one list that sync and changes extend.
 */
import { Value } from 'typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ContentParams, UiParams } from '../../../src/core/messages.ts';
import {
  BookmarkInput,
  Change,
  CommentInput,
  EngagedPerson,
  EngagementKind,
  Item,
  type ItemType,
  MutationType,
  SnippetInput,
  StatusInput,
} from '../../../src/core/wire.ts';
import { ActivityKind } from '../../../src/core/wire-read.ts';

const literals = (union: { anyOf: ReadonlyArray<{ const?: unknown }> }) =>
  union.anyOf.map((s) => s.const);
const ID = '01930000-0000-7000-8000-0000000000aa';

describe('message schemas derived from the wire', () => {
  it('posts statuses, comments and snippets with the server input schemas themselves', () => {
    expect(UiParams.postStatus).toBe(StatusInput);
    expect(UiParams.addComment).toBe(CommentInput);
    expect(UiParams.shareSnippet).toBe(SnippetInput);
    expect(ContentParams.shareSnippet).toBe(SnippetInput);
  });

  it("patches a bookmark with BookmarkInput's fields but the URL, tags checked by the background", () => {
    const patch = UiParams.updateBookmark.properties.patch;
    const { url: _url, tags: _tags, ...kept } = BookmarkInput.properties;
    expect(Object.keys(patch.properties).sort()).toEqual([...Object.keys(kept), 'tags'].sort());
    for (const [name, schema] of Object.entries(kept))
      expect(patch.properties[name as keyof typeof kept]).toMatchObject(schema);
    const check = (p: unknown) => Value.Check(UiParams.updateBookmark, { id: ID, patch: p });
    expect(check({})).toBe(true);
    expect(check({ title: 'T', description: 'D', visibility: 'private', tags: ['a'] })).toBe(true);
    // An invisible tag reaches the background, which refuses it with its own code…
    expect(check({ tags: ['\u200b'] })).toBe(true);
    expect(Value.Check(BookmarkInput, { url: 'https://a.example/', tags: ['\u200b'] })).toBe(false);
    // …but the URL is not patched, unknown fields and over-long values are refused.
    expect(check({ url: 'https://a.example/' })).toBe(false);
    expect(check({ colour: 'red' })).toBe(false);
    expect(check({ title: 'x'.repeat(501) })).toBe(false);
    expect(check({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toBe(false);
  });
});

describe('one list of engagement kinds', () => {
  it('is what a page lists for a person and what the feed calls an activity', () => {
    expect(EngagedPerson.properties.kinds.items).toBe(EngagementKind);
    expect(ActivityKind).toBe(EngagementKind);
    expect(literals(EngagementKind)).toEqual(['bookmark', 'snippet', 'status', 'comment', 'like']);
  });

  it('holds every item type, and sync and changes extend it', () => {
    const itemTypes = Item.anyOf.map((s) => s.properties.type.const);
    expect(literals(EngagementKind)).toEqual(expect.arrayContaining(itemTypes));
    expectTypeOf<ItemType>().toExtend<EngagementKind>();
    expect(literals(MutationType)).toEqual([...literals(EngagementKind), 'follow']);
    expect(literals(Change.properties.type)).toEqual([...literals(MutationType), 'person']);
  });
});
