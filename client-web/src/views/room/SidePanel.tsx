import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';
import { sideWidgets } from './side-widgets';

/** Case and room details beside the chat on a PC; a sheet opened from the top bar on a phone. */
export function SidePanel({ open, onClose }: { open: boolean; onClose(): void }) {
  const { model } = useRoom();
  return (
    <aside class={`side${open ? ' open' : ''}${model.welcome.value?.you.role === 'mediator' ? ' wide' : ''}`} id="room-details" data-testid="side-panel" aria-label={t('side.label')}>
      <button type="button" class="secondary side-close" data-testid="side-close" onClick={onClose}>
        {t('common.close')}
      </button>
      {sideWidgets
        .filter((w) => w.visible?.(model) ?? true)
        .map(({ id, title, Component }) => (
          <section key={id} class="side-section" id={`side-${id}`} data-testid={`side-${id}`}>
            <h2>{t(title)}</h2>
            <Component />
          </section>
        ))}
    </aside>
  );
}
