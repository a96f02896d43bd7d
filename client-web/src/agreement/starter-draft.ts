// The first version's starting point: the parties from the case (each signing for themselves), the
// case field's template texts (draft-templates.json), one copy per party plus one for the mediation
// organisation. The mediator edits all of it before saving.
import type { Draft, Side } from '../protocol/types';
import templates from './draft-templates.json';

export interface StarterParty {
  participant: string | null;
  side: Side;
  name: string;
}

interface Template {
  issues: string;
  items: string[];
  way: string;
  deadline: string;
}

export function templateFor(field: string | null): Template {
  const all = templates as unknown as Record<string, Template>;
  return (field && all[field]) || all.default!;
}

export function starterDraft(field: string | null, parties: readonly StarterParty[]): Draft {
  const template = templateFor(field);
  return {
    title: '人民调解协议书',
    parties: parties.map((p) => ({
      participant: p.participant,
      side: p.side,
      role: 'party',
      name: p.name,
      sex: null,
      id_type: '居民身份证',
      id_number: '',
      address: '',
      contact: '',
      agent_of: null,
    })),
    facts: '',
    issues: template.issues,
    responsibilities: '',
    items: template.items.map((text, i) => ({ id: `i${i + 1}`, text })),
    performance: { way: template.way, place: '', deadline: template.deadline },
    copies: parties.length + 1,
    notes: '',
  } as unknown as Draft;
}

/** The next free item id (i1, i2, …): ids are never reused within a draft, so comments stay on their item. */
export function nextItemId(draft: Draft, used: readonly string[] = []): string {
  const numbers = [...draft.items.map((i) => i.id), ...used].map((id) => Number(id.slice(1))).filter(Number.isFinite);
  return `i${Math.max(0, ...numbers) + 1}`;
}

/** What the draft schema requires before it can be saved; the names of the missing fields. */
export function missingFields(draft: Draft): string[] {
  const missing: string[] = [];
  if (!draft.title.trim()) missing.push('title');
  if (draft.parties.length < 2 || draft.parties.some((p) => !p.name.trim())) missing.push('parties');
  if (!draft.facts.trim()) missing.push('facts');
  if (!draft.issues.trim()) missing.push('issues');
  if (draft.items.length < 1 || draft.items.some((i) => !i.text.trim())) missing.push('items');
  if (!draft.performance.way.trim()) missing.push('way');
  if (!draft.performance.deadline.trim()) missing.push('deadline');
  if (!Number.isInteger(draft.copies) || draft.copies < 1 || draft.copies > 20) missing.push('copies');
  return missing;
}
