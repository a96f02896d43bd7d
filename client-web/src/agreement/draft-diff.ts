// A readable comparison of two versions of the agreement draft: the draft is laid out as labelled
// fields (title, each party, facts, matters in dispute, responsibilities, each agreed item by its id,
// the way, place and time limit of performance, copies, notes), and each field that differs is
// compared word by word (Intl.Segmenter splits Chinese into words; without it, character by
// character) with the `diff` library. Pure; labels are the view's business.
import { diffChars, diffWordsWithSpace, type ChangeObject } from 'diff';
import type { Draft } from '../protocol/types';

export type FieldName =
  | 'title'
  | 'party'
  | 'facts'
  | 'issues'
  | 'responsibilities'
  | 'item'
  | 'way'
  | 'place'
  | 'deadline'
  | 'copies'
  | 'notes';

/** One labelled field of a draft, as text. */
export interface DraftField {
  /** Stable across versions: `party:1`, `item:i3`, `facts`… */
  key: string;
  field: FieldName;
  /** The party's position (1, 2…) or the agreed item's number in its version. */
  index: number | null;
  text: string;
}

export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

export interface FieldDiff {
  key: string;
  field: FieldName;
  index: number | null;
  status: 'same' | 'changed' | 'added' | 'removed';
  before: string | null;
  after: string | null;
  parts: DiffPart[];
}

/** A party's line: every detail the draft holds for them, in a fixed order. */
export function partyText(p: Draft['parties'][number]): string {
  const role = p.role === 'agent' ? `agent:${p.agent_of ?? ''}` : 'party';
  return [p.name, p.side, role, p.sex ?? '', `${p.id_type} ${p.id_number}`.trim(), p.address, p.contact, p.participant ?? ''].join(' · ');
}

export function draftFields(draft: Draft): DraftField[] {
  const one = (field: FieldName, text: string): DraftField => ({ key: field, field, index: null, text });
  return [
    one('title', draft.title),
    ...draft.parties.map((p, i): DraftField => ({ key: `party:${i + 1}`, field: 'party', index: i + 1, text: partyText(p) })),
    one('facts', draft.facts),
    one('issues', draft.issues),
    one('responsibilities', draft.responsibilities),
    ...draft.items.map((item, i): DraftField => ({ key: `item:${item.id}`, field: 'item', index: i + 1, text: item.text })),
    one('way', draft.performance.way),
    one('place', draft.performance.place),
    one('deadline', draft.performance.deadline),
    one('copies', String(draft.copies)),
    one('notes', draft.notes),
  ];
}

type Segmenter = { segment(text: string): Iterable<{ segment: string }> };

function segmenter(lang: string): Segmenter | null {
  const Ctor = (Intl as unknown as { Segmenter?: new (l: string, o: object) => Segmenter }).Segmenter;
  return Ctor ? new Ctor(lang, { granularity: 'word' }) : null;
}

function parts(changes: ChangeObject<string>[]): DiffPart[] {
  return changes.map((c) => ({ text: c.value, change: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

/** Word by word where the platform can split words, else character by character. */
export function textDiff(before: string, after: string, lang = 'zh-CN'): DiffPart[] {
  const words = segmenter(lang);
  return parts(words ? diffWordsWithSpace(before, after, { intlSegmenter: words }) : diffChars(before, after));
}

/**
 * Every field of both versions in the newer one's order (a field only the older has comes where it
 * stood), each with whether it changed and, if so, what.
 */
export function diffDrafts(before: Draft, after: Draft, lang = 'zh-CN'): FieldDiff[] {
  const old = draftFields(before);
  const now = draftFields(after);
  const oldByKey = new Map(old.map((f) => [f.key, f]));
  const nowKeys = new Set(now.map((f) => f.key));
  const out: FieldDiff[] = [];
  const removed = (f: DraftField): FieldDiff => ({ ...f, status: 'removed', before: f.text, after: null, parts: [{ text: f.text, change: 'removed' }] });
  // Fields the newer version dropped are shown after the field that preceded them in the older one.
  const dropsAfter = new Map<string | null, DraftField[]>();
  let previous: string | null = null;
  for (const f of old) {
    if (nowKeys.has(f.key)) previous = f.key;
    else dropsAfter.set(previous, [...(dropsAfter.get(previous) ?? []), f]);
  }
  for (const f of dropsAfter.get(null) ?? []) out.push(removed(f));
  for (const f of now) {
    const was = oldByKey.get(f.key);
    const { key, field, index, text } = f;
    if (!was) out.push({ key, field, index, status: 'added', before: null, after: text, parts: [{ text, change: 'added' }] });
    else if (was.text === text) out.push({ key, field, index, status: 'same', before: text, after: text, parts: [{ text, change: 'same' }] });
    else out.push({ key, field, index, status: 'changed', before: was.text, after: text, parts: textDiff(was.text, text, lang) });
    for (const d of dropsAfter.get(f.key) ?? []) out.push(removed(d));
  }
  return out;
}

/** True when nothing differs. */
export function sameDraft(diff: readonly FieldDiff[]): boolean {
  return diff.every((f) => f.status === 'same');
}
