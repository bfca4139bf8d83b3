/** A failure shown to the person, announced by screen readers: a lead-in and the exact reason. */

import { countedFailureText } from '../../i18n/counted-failure.ts';
import type { Failure } from '../env.ts';

type Props = { lead?: string; failure: Failure; id?: string };

export function ErrorText({ lead, failure, id }: Props) {
  return (
    <p class="error" role="alert" id={id} data-code={failure.code}>
      {lead ? `${lead} ` : ''}
      {countedFailureText(failure)}
    </p>
  );
}
