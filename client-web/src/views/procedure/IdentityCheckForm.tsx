import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { IdentityCheckArgs } from '../../protocol/types';
import { identityMethods, methodLabel } from '../common/procedure-labels';
import { ActForm } from './ActForm';
import { SelectField } from './SelectField';
import { TextField } from './TextField';
import { useAct } from './use-act';

/** How a participant's identity was checked (在线调解规则 art. 17); the number is kept masked. */
export function IdentityCheckForm({ participant, again }: { participant: string; again: boolean }) {
  const [method, setMethod] = useState<IdentityCheckArgs['method']>('id_card_video');
  const [document, setDocument] = useState('');
  const [note, setNote] = useState('');
  const { busy, refused, run } = useAct();
  return (
    <ActForm
      openLabel={t(again ? 'identity.again' : 'identity.check')}
      submitLabel={t('identity.send')}
      testid="identity"
      busy={busy}
      refused={refused}
      ready={Boolean(document.trim())}
      onSubmit={() => run('identity.check', { participant, method, document: document.trim(), ...(note.trim() ? { note: note.trim() } : {}) })}
    >
      <SelectField label={t('identity.method')} value={method} options={identityMethods} labelOf={methodLabel} onChange={setMethod} testid="identity-method" />
      <TextField label={t('identity.document')} hint={t('identity.masked')} value={document} onInput={setDocument} max={64} rows={1} required testid="identity-document" />
      <TextField label={t('identity.note')} value={note} onInput={setNote} max={500} rows={2} testid="identity-note" />
    </ActForm>
  );
}
