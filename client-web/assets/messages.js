// Turns an error code into text for the user, in the current language.
import { has, t } from './i18n.js';

export function errorText(code) {
  const key = `error.${code}`;
  return has(key) ? t(key) : t('error.unknown', { code });
}
