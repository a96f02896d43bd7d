import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/i18n';
import type { Draft } from '../../protocol/types';
import { roleLabel } from '../common/labels';

function PartyLine({ p }: { p: Draft['parties'][number] }) {
  const title = p.role === 'agent' ? t('draft.agentOf', { name: p.agent_of ?? '' }) : roleLabel('party', p.side);
  const details = [
    p.sex && t('draft.sexIs', { sex: p.sex }),
    (p.id_type || p.id_number) && `${p.id_type} ${p.id_number}`.trim(),
    p.address && t('draft.addressIs', { address: p.address }),
    p.contact && t('draft.contactIs', { contact: p.contact }),
  ].filter(Boolean);
  return (
    <p class="draft-party" data-testid="draft-party">
      <strong>
        {title}：{p.name}
      </strong>
      {details.length > 0 && <span>，{details.join('，')}</span>}
    </p>
  );
}

/** The agreement as its parties read it: every part the draft holds, in the order of 人民调解法 art. 29. */
export function DraftText({ draft, itemExtra }: { draft: Draft; itemExtra?: (id: string) => ComponentChildren }) {
  return (
    <article class="draft-text" data-testid="draft-text" lang="zh-CN">
      <h3 class="draft-title">{draft.title}</h3>
      <section>
        {draft.parties.map((p, i) => (
          <PartyLine key={i} p={p} />
        ))}
      </section>
      <section>
        <h4>{t('draft.facts')}</h4>
        <p class="card-text">{draft.facts}</p>
        <h4>{t('draft.issues')}</h4>
        <p class="card-text">{draft.issues}</p>
        {draft.responsibilities && (
          <>
            <h4>{t('draft.responsibilities')}</h4>
            <p class="card-text">{draft.responsibilities}</p>
          </>
        )}
      </section>
      <section>
        <h4>{t('draft.items')}</h4>
        <ol class="draft-items">
          {draft.items.map((item) => (
            <li key={item.id} data-testid="draft-item" data-item={item.id}>
              <p class="card-text">{item.text}</p>
              {itemExtra?.(item.id)}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h4>{t('draft.performance')}</h4>
        <dl class="facts">
          <dt>{t('draft.way')}</dt>
          <dd>{draft.performance.way}</dd>
          {draft.performance.place && (
            <>
              <dt>{t('draft.place')}</dt>
              <dd>{draft.performance.place}</dd>
            </>
          )}
          <dt>{t('draft.deadline')}</dt>
          <dd>{draft.performance.deadline}</dd>
        </dl>
        <p>{t('draft.copiesAre', { copies: draft.copies })}</p>
        {draft.notes && <p class="card-text">{draft.notes}</p>}
      </section>
    </article>
  );
}
