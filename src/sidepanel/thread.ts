/** Pure helpers for the side panel's discussion: comment threads and display names. */
import type { Comment } from '../core/wire.ts';

/** A comment with its replies (comments whose target is this comment), oldest first. */
export type ThreadNode = { comment: Comment; replies: ThreadNode[] };

/** Most nesting shown; deeper replies are attached at this depth. */
export const MAX_DEPTH = 4;

/**
 * The comments on `targetId`, each with its replies, oldest first. Replies deeper than
 * `MAX_DEPTH` stay in the thread (attached to the deepest shown ancestor's list).
 */
export function threadFor(targetId: string, comments: readonly Comment[]): ThreadNode[] {
  const byTarget = new Map<string, Comment[]>();
  for (const c of comments) {
    const list = byTarget.get(c.targetId);
    if (list) list.push(c);
    else byTarget.set(c.targetId, [c]);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const seen = new Set<string>();
  const build = (id: string, depth: number): ThreadNode[] => {
    const nodes: ThreadNode[] = [];
    for (const comment of byTarget.get(id) ?? []) {
      if (seen.has(comment.id)) continue; // a cycle in bad data
      seen.add(comment.id);
      if (depth >= MAX_DEPTH) {
        nodes.push({ comment, replies: [] }, ...build(comment.id, depth));
      } else {
        nodes.push({ comment, replies: build(comment.id, depth + 1) });
      }
    }
    return nodes;
  };
  return build(targetId, 1);
}

/** How many comments a thread holds, replies included. */
export function countThread(nodes: readonly ThreadNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countThread(node.replies), 0);
}
