import { t } from '../../i18n/i18n';
import { sideLabel } from '../common/procedure-labels';
import { useRoom } from '../room/RoomContext';

/** In the joint room: which side is in a back-to-back session now; never what is said there. */
export function CaucusIndicator() {
  const { model } = useRoom();
  const sides = model.caseState.value?.caucus ?? [];
  if (sides.length === 0) return null;
  return (
    <p class="caucus-indicator" role="status" data-testid="caucus-indicator" data-sides={sides.join('')}>
      {sides.map((side) => t('caucus.inProgress', { side: sideLabel(side) })).join(t('list.separator'))}
    </p>
  );
}
