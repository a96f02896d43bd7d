import { signal } from '@preact/signals';

export type AgreementTab = 'read' | 'versions' | 'edit' | 'keys';

/** Which tab of the agreement screen is open, or null when it is closed. */
export const agreementScreen = signal<AgreementTab | null>(null);
