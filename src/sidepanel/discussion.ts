/**
 * The page's discussion as the side panel's parts see it, through a Preact context (calls to the
 * background go through the page's `EnvContext`): what is known about the page, display names,
 * and what to do after a change or a failure.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PageEngagement } from '../core/messages.ts';

export type Discussion = {
  engagement: PageEngagement;
  /** The signed-in person's handle (null when unknown): their own comments can be deleted. */
  me: string | null;
  /** A person's display name (the handle for people not known yet). */
  nameOf(handle: string): string;
  /** Reloads the page's engagement after a change. */
  changed(): void;
  /** Shows why an action failed. */
  fail(error: unknown): void;
};

export const DiscussionContext = createContext<Discussion | null>(null);

/** The discussion provided by the side panel. */
export function useDiscussion(): Discussion {
  const discussion = useContext(DiscussionContext);
  if (!discussion) throw new Error('Side panel part rendered without a DiscussionContext');
  return discussion;
}
