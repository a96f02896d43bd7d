import { refusalMessage } from '../../i18n/refusals';
import type { Refused } from './use-act';

/** Why the server refused a step, in the person's language (with the article it rests on). */
export function RefusalText({ refused, testid = 'act-refusal' }: { refused: Refused | null; testid?: string }) {
  if (!refused) return null;
  return (
    <p class="error" role="alert" data-testid={testid} data-code={refused.code} data-rule={refused.rule ?? ''}>
      {refusalMessage(refused.code, refused.rule)}
    </p>
  );
}
