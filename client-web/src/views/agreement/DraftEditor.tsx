import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import type { Draft, Side } from '../../protocol/types';
import { missingFields, nextItemId, starterDraft, type StarterParty } from '../../agreement/starter-draft';
import { latestVersion } from '../../state/agreement';
import { roleLabel } from '../common/labels';
import { RefusalText } from '../procedure/RefusalText';
import { TextField } from '../procedure/TextField';
import { useAct } from '../procedure/use-act';
import { PaymentTerms } from './PaymentTerms';
import { useRoom } from '../room/RoomContext';

type Party = Draft['parties'][number];

const blankParty = (side: Side): Party => ({ participant: null, side, role: 'party', name: '', sex: null, id_type: '居民身份证', id_number: '', address: '', contact: '', agent_of: null });

/** The case's parties as the draft starts them: by the names the case was opened with, matched to who joined. */
function starterParties(model: ReturnType<typeof useRoom>['model']): StarterParty[] {
  const joined = [...model.people.value.values()].filter((p) => p.role === 'party' && p.side);
  const out: StarterParty[] = (model.caseInfo.value?.parties ?? []).map((p) => ({
    side: p.side,
    name: p.name,
    participant: joined.find((j) => j.side === p.side && j.name === p.name)?.id ?? null,
  }));
  for (const j of joined) if (!out.some((p) => p.participant === j.id)) out.push({ side: j.side!, name: j.name, participant: j.id });
  return out;
}

/** The mediator writes the agreement as the structured draft; each save is a new numbered version. */
export function DraftEditor() {
  const { model } = useRoom();
  const latest = latestVersion(model.agreement.value);
  const [draft, setDraft] = useState<Draft>(() => structuredClone(latest?.draft) ?? starterDraft(model.caseInfo.value?.field ?? null, starterParties(model)));
  const [saved, setSaved] = useState<number | null>(null);
  const { busy, refused, run } = useAct();
  const partyIds = [...model.people.value.values()].filter((p) => p.role === 'party');
  const change = (next: Partial<Draft>) => {
    setSaved(null);
    setDraft({ ...draft, ...next } as Draft);
  };
  const setParty = (i: number, next: Partial<Party>) => change({ parties: draft.parties.map((p, j) => (j === i ? { ...p, ...next } : p)) as Draft['parties'] });
  const setItem = (id: string, text: string) => change({ items: draft.items.map((it) => (it.id === id ? { ...it, text } : it)) as Draft['items'] });
  const setPayment = (id: string, payment: Draft['items'][number]['payment']) =>
    change({
      items: draft.items.map((it) => {
        if (it.id !== id) return it;
        const { payment: _, ...rest } = it;
        return payment ? { ...rest, payment } : rest;
      }) as Draft['items'],
    });
  const missing = missingFields(draft);
  // The missing fields by the labels the form shows them under, each empty item by its number.
  const missingLabels = missing.flatMap((field) =>
    field === 'items'
      ? draft.items.flatMap((it, i) => (it.text.trim() ? [] : [t('diff.item', { n: i + 1 })]))
      : [t(field === 'parties' ? 'draft.missingPartyName' : (`draft.${field}` as MessageKey))],
  );
  const usedIds = model.agreement.value.versions.flatMap((v) => v.draft.items.map((i) => i.id));

  return (
    <form
      class="draft-editor stack"
      data-testid="draft-editor"
      onSubmit={async (e) => {
        e.preventDefault();
        const before = model.agreement.value.versions.length;
        if (await run('draft.save', { draft })) setSaved(before + 1);
      }}
    >
      <TextField label={t('draft.title')} value={draft.title} onInput={(title) => change({ title })} max={100} rows={1} required testid="draft-title" />

      <fieldset class="stack">
        <legend>{t('draft.parties')}</legend>
        <p class="muted small">{t('draft.partiesHint')}</p>
        {draft.parties.map((p, i) => (
          <div key={i} class="draft-party-form stack" data-testid="draft-party-form">
            <div class="row-actions">
              <label>
                {t('draft.side')}
                <select data-testid="party-side" value={p.side} onChange={(e) => setParty(i, { side: e.currentTarget.value as Side })}>
                  <option value="A">{roleLabel('party', 'A')}</option>
                  <option value="B">{roleLabel('party', 'B')}</option>
                </select>
              </label>
              <label>
                {t('draft.role')}
                <select data-testid="party-role" value={p.role} onChange={(e) => setParty(i, { role: e.currentTarget.value as Party['role'], agent_of: e.currentTarget.value === 'agent' ? (p.agent_of ?? '') : null })}>
                  <option value="party">{t('draft.roleParty')}</option>
                  <option value="agent">{t('draft.roleAgent')}</option>
                </select>
              </label>
              <label>
                {t('draft.signer')}
                <select data-testid="party-participant" value={p.participant ?? ''} onChange={(e) => setParty(i, { participant: e.currentTarget.value || null })}>
                  <option value="">{t('draft.notInRoom')}</option>
                  {partyIds.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}（{roleLabel('party', x.side)}）
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <TextField label={t('draft.name')} value={p.name} onInput={(name) => setParty(i, { name })} max={200} rows={1} required testid="party-name" />
            {p.role === 'agent' && <TextField label={t('draft.agentOfField')} value={p.agent_of ?? ''} onInput={(agent_of) => setParty(i, { agent_of })} max={200} rows={1} testid="party-agent-of" />}
            <div class="row-actions">
              <label>
                {t('draft.sex')}
                <select data-testid="party-sex" value={p.sex ?? ''} onChange={(e) => setParty(i, { sex: (e.currentTarget.value || null) as Party['sex'] })}>
                  <option value="">{t('draft.sexUnstated')}</option>
                  <option value="男">{t('draft.male')}</option>
                  <option value="女">{t('draft.female')}</option>
                </select>
              </label>
            </div>
            <TextField label={t('draft.idType')} value={p.id_type} onInput={(id_type) => setParty(i, { id_type })} max={50} rows={1} testid="party-id-type" />
            <TextField label={t('draft.idNumber')} value={p.id_number} onInput={(id_number) => setParty(i, { id_number })} max={50} rows={1} testid="party-id-number" />
            <TextField label={t('draft.address')} value={p.address} onInput={(address) => setParty(i, { address })} max={300} rows={1} testid="party-address" />
            <TextField label={t('draft.contact')} value={p.contact} onInput={(contact) => setParty(i, { contact })} max={100} rows={1} testid="party-contact" />
            {draft.parties.length > 2 && (
              <button type="button" class="danger small" data-testid="party-remove" onClick={() => change({ parties: draft.parties.filter((_, j) => j !== i) as Draft['parties'] })}>
                {t('draft.removeParty')}
              </button>
            )}
          </div>
        ))}
        {draft.parties.length < 40 && (
          <button type="button" class="secondary small" data-testid="party-add" onClick={() => change({ parties: [...draft.parties, blankParty('A')] as Draft['parties'] })}>
            {t('draft.addParty')}
          </button>
        )}
      </fieldset>

      <TextField label={t('draft.facts')} value={draft.facts} onInput={(facts) => change({ facts })} max={8000} rows={4} required testid="draft-facts" />
      <TextField label={t('draft.issues')} value={draft.issues} onInput={(issues) => change({ issues })} max={4000} rows={3} required testid="draft-issues" />
      <TextField label={t('draft.responsibilities')} value={draft.responsibilities} onInput={(responsibilities) => change({ responsibilities })} max={4000} rows={3} testid="draft-responsibilities" />

      <fieldset class="stack">
        <legend>{t('draft.items')}</legend>
        {draft.items.map((item, i) => (
          <div key={item.id} class="draft-item-form" data-testid="draft-item-form" data-item={item.id}>
            <TextField label={t('diff.item', { n: i + 1 })} value={item.text} onInput={(text) => setItem(item.id, text)} max={2000} rows={2} required testid={`draft-item-${item.id}`} />
            <PaymentTerms draft={draft} item={item.id} payment={item.payment} onChange={(payment) => setPayment(item.id, payment)} />
            {draft.items.length > 1 && (
              <button type="button" class="danger small" data-testid="item-remove" onClick={() => change({ items: draft.items.filter((x) => x.id !== item.id) as Draft['items'] })}>
                {t('draft.removeItem')}
              </button>
            )}
          </div>
        ))}
        {draft.items.length < 50 && (
          <button type="button" class="secondary small" data-testid="item-add" onClick={() => change({ items: [...draft.items, { id: nextItemId(draft, usedIds), text: '' }] as Draft['items'] })}>
            {t('draft.addItem')}
          </button>
        )}
      </fieldset>

      <fieldset class="stack">
        <legend>{t('draft.performance')}</legend>
        <TextField label={t('draft.way')} value={draft.performance.way} onInput={(way) => change({ performance: { ...draft.performance, way } })} max={500} rows={1} required testid="draft-way" />
        <TextField label={t('draft.place')} value={draft.performance.place} onInput={(place) => change({ performance: { ...draft.performance, place } })} max={500} rows={1} testid="draft-place" />
        <TextField label={t('draft.deadline')} value={draft.performance.deadline} onInput={(deadline) => change({ performance: { ...draft.performance, deadline } })} max={500} rows={1} required testid="draft-deadline" />
      </fieldset>
      <label>
        {t('draft.copies')}
        <input type="number" min={1} max={20} step={1} data-testid="draft-copies" value={draft.copies} onInput={(e) => change({ copies: Number(e.currentTarget.value) })} />
      </label>
      <TextField label={t('draft.notes')} value={draft.notes} onInput={(notes) => change({ notes })} max={2000} rows={2} testid="draft-notes" />

      {missing.length > 0 && (
        <div class="muted small" data-testid="draft-missing" data-fields={missing.join(' ')}>
          <p>{t('draft.missingNow', { fields: missingLabels.join(t('list.separator')) })}</p>
          <p>{t('draft.missing')}</p>
        </div>
      )}
      <RefusalText refused={refused} />
      {saved !== null && (
        <p class="ok" role="status" data-testid="draft-saved">
          {t('draft.saved', { version: saved })}
        </p>
      )}
      <div class="row-actions">
        <button type="submit" data-testid="draft-save" disabled={busy || missing.length > 0}>
          {t('draft.save')}
        </button>
      </div>
    </form>
  );
}
