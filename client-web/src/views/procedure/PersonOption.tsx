import { useName } from '../room/use-name';

/** A participant as a choice in a select, by the name this person knows them by. */
export function PersonOption({ id }: { id: string }) {
  return <option value={id}>{useName(id)}</option>;
}
