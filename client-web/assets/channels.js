// Channel names on screen (PROTOCOL.md §1 / DESIGN §3), in a fixed order.
import { t } from './i18n.js';

const order = ['main', 'caucus:A', 'caucus:B', 'consult'];

export function channelLabel(channel) {
  return t(`channel.${channel}`);
}

export function sortChannels(channels) {
  return [...channels].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
