// One message catalogue (catalogue.ts), Simplified Chinese by default with an English switch. The
// choice is kept in localStorage so every page follows it; components that call t() re-render when
// it changes (the language is a signal).
import { effect, signal } from '@preact/signals';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { catalogues, languages, type Lang, type MessageKey } from './catalogue';

const storageKey = 'mr.lang';
const fallback: Lang = 'zh-CN';
const dayjsLocale: Record<Lang, string> = { 'zh-CN': 'zh-cn', en: 'en' };

function stored(): Lang {
  try {
    const value = localStorage.getItem(storageKey);
    return languages.includes(value as Lang) ? (value as Lang) : fallback;
  } catch {
    return fallback;
  }
}

export const lang = signal<Lang>(typeof localStorage === 'undefined' ? fallback : stored());

export function setLang(code: Lang): void {
  lang.value = code;
  try {
    localStorage.setItem(storageKey, code);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export type Params = Record<string, string | number>;

export function format(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function t(key: MessageKey, params?: Params): string {
  return format(catalogues[lang.value][key], params);
}

/** Keeps <html lang> and the page title's language in step (for screen readers and fonts). */
export function followLanguage(title: () => string): void {
  effect(() => {
    document.documentElement.lang = lang.value;
    document.title = title();
  });
}

const day = (ms: number) => dayjs(ms).locale(dayjsLocale[lang.value]);

/** 14:05 */
export function formatTime(ms: number): string {
  return day(ms).format('HH:mm');
}

/** 2026年12月1日 14:05 / 1 Dec 2026 14:05 */
export function formatDateTime(ms: number): string {
  return day(ms).format(t('date.dateTime'));
}

/** A day separator in the timeline: 今天, 昨天, 12月1日 星期二, or with the year when not this year. */
export function formatDay(ms: number, now = Date.now()): string {
  const d = day(ms);
  const today = dayjs(now).startOf('day');
  if (d.isSame(today, 'day')) return t('date.today');
  if (d.isSame(today.subtract(1, 'day'), 'day')) return t('date.yesterday');
  return d.format(t(d.isSame(today, 'year') ? 'date.dayThisYear' : 'date.dayOtherYear'));
}

export function sameDay(a: number, b: number): boolean {
  return dayjs(a).isSame(dayjs(b), 'day');
}
