/** A `<time>` showing how long ago something happened, with the full date as its title. */
import { absoluteTime, relativeTime } from '../time.ts';

export function TimeAgo({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}
