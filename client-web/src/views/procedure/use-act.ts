import { useState } from 'preact/hooks';
import type { ActAction, ActArgs } from '../../protocol/types';
import { useRoom } from '../room/RoomContext';

export interface Refused {
  code: string;
  rule: string | null;
}

/** Takes one step of the procedure: busy while the server decides, and its refusal if it refused. */
export function useAct() {
  const session = useRoom();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refused | null>(null);
  const run = async <A extends ActAction>(action: A, args: ActArgs[A]): Promise<boolean> => {
    setBusy(true);
    setRefused(null);
    const outcome = await session.act(action, args);
    setBusy(false);
    if (!outcome.ok) setRefused({ code: outcome.code, rule: outcome.rule });
    return outcome.ok;
  };
  return { busy, refused, run, clear: () => setRefused(null) };
}
