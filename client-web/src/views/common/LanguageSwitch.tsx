import { lang, setLang } from '../../i18n/i18n';
import { languages, languageNames, type Lang } from '../../i18n/catalogue';

/** The language switch; its name is bilingual so either reader finds it. */
export function LanguageSwitch() {
  return (
    <label class="lang">
      <span class="visually-hidden">语言 Language</span>
      <select data-testid="lang-switch" value={lang.value} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        {languages.map((code) => (
          <option key={code} value={code} data-testid={`lang-option-${code}`}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
