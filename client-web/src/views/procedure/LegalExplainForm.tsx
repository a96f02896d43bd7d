import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { RefusalText } from './RefusalText';
import { TextField } from './TextField';
import { useAct } from './use-act';

/** 以案释法: the advisor, while in the joint room, explains a rule of law to the parties as a card. */
export function LegalExplainForm() {
  const [law, setLaw] = useState('');
  const [article, setArticle] = useState('');
  const [explanation, setExplanation] = useState('');
  const { busy, refused, run } = useAct();
  const ready = Boolean(law.trim() && article.trim() && explanation.trim());
  const submit = async () => {
    if (await run('law.explain', { law: law.trim(), article: article.trim(), explanation: explanation.trim() })) {
      setArticle('');
      setExplanation('');
    }
  };
  return (
    <form
      class="stack"
      data-testid="legal-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p class="muted small">{t('legal.intro')}</p>
      <TextField label={t('legal.law')} hint={t('legal.lawHint')} value={law} onInput={setLaw} max={100} rows={1} required testid="legal-law" />
      <TextField label={t('legal.article')} hint={t('legal.articleHint')} value={article} onInput={setArticle} max={50} rows={1} required testid="legal-article" />
      <TextField label={t('legal.explanation')} value={explanation} onInput={setExplanation} max={2000} rows={4} required testid="legal-explanation-input" />
      <RefusalText refused={refused} />
      <button type="submit" data-testid="legal-send" disabled={busy || !ready}>
        {t('legal.send')}
      </button>
    </form>
  );
}
