import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { RoomSession } from '../../state/room-session';

/** The page's room session, for components that read the model or call an action. */
export const RoomContext = createContext<RoomSession | null>(null);

export function useRoom(): RoomSession {
  const session = useContext(RoomContext);
  if (!session) throw new Error('useRoom outside RoomContext');
  return session;
}
