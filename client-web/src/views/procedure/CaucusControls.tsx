import { t } from '../../i18n/i18n';
import type { Side } from '../../protocol/types';
import { actionOpen } from '../../state/phases';
import { sideLabel } from '../common/procedure-labels';
import { RefusalText } from './RefusalText';
import { useAct } from './use-act';
import { useCase } from './use-case';

function SideCaucus({ side, open, allowed }: { side: Side; open: boolean; allowed: boolean }) {
  const { busy, refused, run } = useAct();
  return (
    <li class="caucus-side" data-testid={`caucus-${side}`} data-open={String(open)}>
      <span>
        {sideLabel(side)}：{t(open ? 'caucus.running' : 'caucus.idle')}
      </span>
      <button
        type="button"
        class={open ? 'secondary small' : 'small'}
        data-testid={`caucus-${open ? 'close' : 'open'}-${side}`}
        disabled={busy || !allowed}
        onClick={() => void run(open ? 'caucus.close' : 'caucus.open', { side })}
      >
        {t(open ? 'caucus.close' : 'caucus.open')}
      </button>
      <RefusalText refused={refused} />
    </li>
  );
}

/** Back-to-back sessions (背对背, 在线调解规则 art. 16): open and close one side's private talk. */
export function CaucusControls() {
  const view = useCase();
  if (!view) return null;
  const allowed = actionOpen('caucus.open', view.kase.phase);
  return (
    <div class="stack">
      <p class="muted small">{t(allowed ? 'caucus.intro' : 'caucus.onlyInMediation')}</p>
      <ul class="plain" data-testid="caucus-controls">
        {(['A', 'B'] as const).map((side) => (
          <SideCaucus key={side} side={side} open={view.kase.caucus.includes(side)} allowed={allowed} />
        ))}
      </ul>
    </div>
  );
}
