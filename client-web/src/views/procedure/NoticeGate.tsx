import { useEffect, useState } from 'preact/hooks';
import { lang, setLang, t } from '../../i18n/i18n';
import { languageNames, languages } from '../../i18n/catalogue';
import { api } from '../../protocol/api';
import type { NoticeResponse } from '../../protocol/types';
import { textSha256 } from '../../state/text-hashes';
import { ErrorText } from '../common/ErrorText';
import { useRoom } from '../room/RoomContext';
import { PersonalStatusNote } from './PersonalStatusNote';
import { RefusalText } from './RefusalText';
import { useAct } from './use-act';

type Loaded = { notice: NoticeResponse; hashOk: boolean } | { error: string } | null;

/**
 * The notice of rights and duties (权利义务告知书), in full, in the page's language, with one step to
 * acknowledge it and consent to mediating online. The acknowledgement names the hash the server gave
 * for the text shown, once the browser has checked that hash is of that very text.
 */
export function NoticeGate({ onLater }: { onLater(): void }) {
  const session = useRoom();
  const [loaded, setLoaded] = useState<Loaded>(null);
  const { busy, refused, run } = useAct();
  const language = lang.value;
  // After a refusal the text is fetched again: `stale` means it changed since it was shown.
  const [fetches, setFetches] = useState(0);

  useEffect(() => {
    let current = true;
    setLoaded(null);
    void api.notice(session.roomId, language).then(async (r) => {
      if (!current) return;
      if (!r.ok) return setLoaded({ error: r.error });
      const hashOk = (await textSha256(r.data.text)) === r.data.sha256;
      if (current) setLoaded({ notice: r.data, hashOk });
    });
    return () => {
      current = false;
    };
  }, [language, session.roomId, fetches]);

  const notice = loaded && 'notice' in loaded ? loaded.notice : null;
  const acknowledge = () => {
    if (!notice) return;
    void run('notice.acknowledge', { language: notice.language, text_sha256: notice.sha256 }).then((recorded) => {
      if (!recorded) setFetches((n) => n + 1);
    });
  };

  return (
    <main class="chat notice-gate" data-testid="notice-gate" aria-labelledby="notice-title">
      <div class="notice-head">
        <h2 id="notice-title">{t('notice.title')}</h2>
        <div class="notice-langs" role="group" aria-label={t('notice.language')}>
          {languages.map((code) => (
            <button key={code} type="button" class="secondary small" aria-pressed={code === language} data-testid={`notice-lang-${code}`} onClick={() => setLang(code)}>
              {languageNames[code]}
            </button>
          ))}
        </div>
      </div>
      <p class="muted small">{t('notice.intro')}</p>
      <PersonalStatusNote />
      {loaded === null && <p class="muted" role="status">{t('common.loading')}</p>}
      {loaded && 'error' in loaded && <ErrorText code={loaded.error} testid="notice-error" />}
      {notice && (
        <div class="notice-text" tabIndex={0} role="document" aria-label={t('notice.title')} data-testid="notice-text" lang={notice.language} data-sha256={notice.sha256}>
          {notice.text}
        </div>
      )}
      <div class="notice-actions">
        {loaded && 'notice' in loaded && !loaded.hashOk && (
          <p class="error" role="alert" data-testid="notice-hash-mismatch">
            {t('notice.hashMismatch')}
          </p>
        )}
        <p class="small">{t('notice.consent')}</p>
        <RefusalText refused={refused} />
        <div class="row-actions">
          <button type="button" data-testid="notice-acknowledge" disabled={!notice || !(loaded && 'hashOk' in loaded && loaded.hashOk) || busy} onClick={acknowledge}>
            {t('notice.acknowledge')}
          </button>
          <button type="button" class="secondary" data-testid="notice-later" onClick={onLater}>
            {t('notice.later')}
          </button>
        </div>
      </div>
    </main>
  );
}
