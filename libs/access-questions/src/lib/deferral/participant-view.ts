import { type Deferral, type DeferrableEntry, isHeldBack } from './deferral';

/** What the participant's view looks at in an audit entry (a subset of the audit log's entry). */
export interface ViewedEntry extends DeferrableEntry {
  readonly caseRef: string | null;
  /** `METHOD /path/{param}` */
  readonly route: string;
  readonly actor: { readonly role: string };
  readonly categories: readonly string[];
  readonly decision: 'permit' | 'deny';
  /** The HTTP status the request was answered with. */
  readonly outcome: number;
}

/** Roles whose entries are not an access by someone else: the person's own reads, requests nobody made known. */
const NOT_ANOTHER: readonly string[] = ['participant', '(anonymous)'];

/** Work on the access log itself that opened no data of the person (a deferral set, a refused log route). */
const isLogWork = (entry: ViewedEntry): boolean =>
  entry.route.includes(' /api/audit/') && entry.categories.length === 0;

/**
 * Refusals of access: no valid token (401), the policy refused (403) or the case, or what was asked of it, is
 * not there for the caller (404). A request refused for its input or state (400 invalid, 409 conflict, 412
 * stale, …) by someone who may deal with the case opened nothing and was refused no access: it stays in the log
 * for the data protection officer, but it is not "a refused attempt at your data" (docs/decisions.md). The
 * person's list and the access report both count by this.
 */
const ACCESS_REFUSED: ReadonlySet<number> = new Set([401, 403, 404]);

/** Whether an entry's status refused access itself (rather than the request's input or state). */
export const isAccessRefusal = (outcome: number): boolean => ACCESS_REFUSED.has(outcome);

/**
 * An entry of the case's log that tells the person something about who dealt with their data: an
 * access by staff that touched a data category, or a refused attempt at their case. The person's own
 * reads and work on the log itself that opened nothing of theirs are not accesses to their data.
 */
export const isAccessOfCase = (entry: ViewedEntry, caseId: string): boolean =>
  entry.caseRef === caseId &&
  !NOT_ANOTHER.includes(entry.actor.role) &&
  !isLogWork(entry) &&
  (entry.categories.length > 0 || (entry.decision === 'deny' && isAccessRefusal(entry.outcome)));

/** Shown in "Wer hat meine Daten gesehen?" now: an access of the case that is not held back. */
export const participantSees = (
  entry: ViewedEntry,
  caseId: string,
  deferral: Deferral | undefined,
  now: Date,
): boolean => isAccessOfCase(entry, caseId) && !isHeldBack(entry, deferral, now);
