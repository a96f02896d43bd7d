import { mountLanguageSwitch } from './i18n.js';

mountLanguageSwitch();
