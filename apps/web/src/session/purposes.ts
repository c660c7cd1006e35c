import type { Schema } from '../api/client';
import { session } from './session-store';

// What the policy says about purposes comes from the API (GET /api/session, read at sign-in): the
// purposes the user can declare and what each purpose may need. The web keeps no copy of the
// policy's tables; the API still decides every request.

export type Purpose = Schema<'CaseAccessDto'>['purpose'];
export type Role = Schema<'DemoUserDto'>['role'];
export type AgencyType = Schema<'SessionAgencyDto'>['type'];
export type Category = Schema<'CaseViewDto'>['withheld'][number];
export type DeclarablePurpose = Schema<'DeclarablePurposeDto'>;
export type PurposeNeeds = Schema<'PurposeNeedsDto'>;

/** What a purpose may need at all (table 2 of docs/access-policy.md). */
export function needsOf(purpose: Purpose): readonly Category[] {
  return session.get().purposeNeeds?.find((p) => p.purpose === purpose)?.needs ?? [];
}

/** Every purpose of the policy, in its order. */
export function allPurposes(): Purpose[] {
  return (session.get().purposeNeeds ?? []).map((p) => p.purpose);
}

/** The purposes the signed-in user can declare, the agency's statutory ones first (the first is the default). */
export function declarablePurposes(): Purpose[] {
  return (session.get().purposes ?? []).map((p) => p.purpose);
}
