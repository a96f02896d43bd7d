import type { Channel } from '../../protocol/types';
import { channelLabel } from '../common/labels';
import { CaucusIndicator } from '../procedure/CaucusIndicator';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TypingNotice } from './TypingNotice';

/** One channel: its messages, who is typing, and the composer. `titled` when shown side by side. */
export function ChannelPane({ channel, titled }: { channel: Channel; titled: boolean }) {
  return (
    <section
      class="pane"
      id={`pane-${channel}`}
      data-testid={`pane-${channel}`}
      role={titled ? 'region' : 'tabpanel'}
      aria-labelledby={titled ? `pane-title-${channel}` : `tab-${channel}`}
    >
      {titled && (
        <h2 class="pane-title" id={`pane-title-${channel}`}>
          {channelLabel(channel)}
        </h2>
      )}
      {channel === 'main' && <CaucusIndicator />}
      <MessageList channel={channel} />
      <TypingNotice channel={channel} />
      <Composer channel={channel} />
    </section>
  );
}
