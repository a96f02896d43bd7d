import type { ComponentChildren } from 'preact';
import { LanguageSwitch } from './LanguageSwitch';

/** The page header: a title that may shorten, then whatever the page adds, then the language. */
export function TopBar({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="topbar">
      <h1 data-testid="page-title">{title}</h1>
      <div class="topbar-tools">
        {children}
        <LanguageSwitch />
      </div>
    </header>
  );
}
