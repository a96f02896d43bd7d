import { render, type ComponentChild } from 'preact';
import '../../styles/app.css';

/** Every page's entry: one root element, one stylesheet. */
export function mount(app: ComponentChild): void {
  render(app, document.getElementById('app')!);
}
