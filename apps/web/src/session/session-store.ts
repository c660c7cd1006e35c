import { useSyncExternalStore } from 'react';
import type { AgencyType, DeclarablePurpose, Purpose, PurposeNeeds, Role } from './purposes';

export interface SessionUser {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: string;
  readonly agencyName?: string;
  readonly agencyType?: AgencyType;
}

export interface SessionState {
  /** The bearer token, in memory only: never in localStorage, gone on reload. */
  readonly token?: string;
  readonly user?: SessionUser;
  /** The purpose every call declares in X-Purpose. */
  readonly purpose?: Purpose;
  /** The purposes the user can declare, and what every purpose may need (GET /api/session). */
  readonly purposes?: readonly DeclarablePurpose[];
  readonly purposeNeeds?: readonly PurposeNeeds[];
}

type Listener = () => void;

/** A tiny external store, so the API client (outside React) and components read the same session. */
const createSessionStore = () => {
  let state: SessionState = {};
  const listeners = new Set<Listener>();
  const set = (next: SessionState): void => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    get: (): SessionState => state,
    set,
    update: (patch: Partial<SessionState>): void => set({ ...state, ...patch }),
    subscribe: (listener: Listener): (() => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
};

export const session = createSessionStore();

export const useSession = (): SessionState => useSyncExternalStore(session.subscribe, session.get, session.get);
