import { t } from '../../i18n/i18n';
import { errorMessage } from '../../i18n/errors';

/** A refusal in words, or nothing. */
export function ErrorText({ code, testid }: { code: string | null; testid: string }) {
  if (!code) return null;
  return (
    <p class="error" role="alert" data-testid={testid} data-code={code}>
      {errorMessage(code) ?? t('error.unknown', { code })}
    </p>
  );
}
