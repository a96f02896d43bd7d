import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { commentsOn, latestVersion } from '../../state/agreement';
import { useRoom } from '../room/RoomContext';
import { Comments } from './Comments';
import { DraftEditor } from './DraftEditor';
import { DraftText } from './DraftText';
import { HashBadge } from './HashBadge';
import { KeyList } from './KeyList';
import { agreementScreen, type AgreementTab } from './open';
import { SignatureStates } from './SignatureStates';
import { SignBox } from './SignBox';
import { ConfirmationPanel } from './ConfirmationPanel';
import { EnforcementConsent } from './EnforcementConsent';
import { VersionList } from './VersionList';

function ReadTab() {
  const { model } = useRoom();
  const agreement = model.agreement.value;
  const version = latestVersion(agreement);
  const you = model.welcome.value?.you;
  if (!version || !you) return <p class="muted">{t('agreement.none')}</p>;
  const comments = commentsOn(agreement, version.version);
  const canComment = (you.role === 'party' || you.role === 'mediator') && model.caseState.value?.phase === 'mediation' && !agreement.seal;
  return (
    <div class="stack" data-testid="agreement-read" data-version={version.version}>
      <p>
        <strong>{t('agreement.versionN', { version: version.version })}</strong> <HashBadge version={version} />
      </p>
      <DraftText draft={version.draft} itemExtra={(id) => <Comments version={version.version} item={id} comments={comments} canWrite={canComment} />} />
      {(canComment || comments.some((c) => c.item === null)) && (
        <>
          <h3>{t('comments.onVersionTitle')}</h3>
          <Comments version={version.version} item={null} comments={comments} canWrite={canComment} />
        </>
      )}
      <h3>{t('sign.title')}</h3>
      <SignatureStates agreement={agreement} version={version} />
      <SignBox />
      <EnforcementConsent />
      <ConfirmationPanel />
    </div>
  );
}

/** The agreement on a screen of its own: read and sign, versions and their diff, edit (mediator), keys. */
export function AgreementScreen() {
  const { model } = useRoom();
  const tab = agreementScreen.value;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (tab && !ref.current?.open) ref.current?.showModal();
  }, [tab]);
  if (!tab) return null;
  const you = model.welcome.value?.you;
  const canEdit = you?.role === 'mediator' && model.caseState.value?.phase === 'mediation' && !model.agreement.value.seal;
  const tabs: AgreementTab[] = ['read', 'versions', ...(canEdit ? (['edit'] as const) : []), 'keys'];
  const close = () => (agreementScreen.value = null);
  return (
    <dialog ref={ref} class="agreement-screen" data-testid="agreement-screen" data-tab={tab} aria-labelledby="agreement-title" onCancel={close} onClose={close}>
      <header class="agreement-head">
        <h2 id="agreement-title">{t('agreement.title')}</h2>
        <button type="button" class="secondary small" data-testid="agreement-close" onClick={close}>
          {t('common.close')}
        </button>
      </header>
      <div class="tabs" role="tablist" aria-label={t('agreement.title')}>
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" class="tab" aria-selected={tab === id} data-testid={`agreement-tab-${id}`} onClick={() => (agreementScreen.value = id)}>
            {t(`agreement.tab.${id}`)}
          </button>
        ))}
      </div>
      <div class="agreement-body" role="tabpanel">
        {tab === 'read' && <ReadTab />}
        {tab === 'versions' && <VersionList agreement={model.agreement.value} />}
        {tab === 'edit' && canEdit && <DraftEditor />}
        {tab === 'keys' && <KeyList />}
      </div>
    </dialog>
  );
}
