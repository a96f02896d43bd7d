import { t } from '../../i18n/i18n';
import { useCase } from './use-case';

/** 婚姻家庭: what electronic signing and judicial confirmation cannot cover (PROTOCOL.md §6). */
export function PersonalStatusNote() {
  const view = useCase();
  if (!view?.kase.personal_status) return null;
  return (
    <p class="note warn" role="note" data-testid="personal-status">
      {t('personalStatus.text')}
    </p>
  );
}
