import { isAccessRefusal } from '@fallverbund/access-questions';
import { POLICY_VERSION } from '@fallverbund/access-policy';
import { type AuditEntry } from '@fallverbund/audit-log';
import { type Actor, isPurpose, type ParticipantPrincipal } from '@fallverbund/kernel';
import { PARTICIPANT_AGENCY, PARTICIPANT_PURPOSE } from '@fallverbund/participant';

/** The actor of a refusal without a valid bearer token: nobody known. */
export const ANONYMOUS = '(anonymous)';
/** The purpose of a refusal whose `X-Purpose` is missing or unknown. */
export const UNDECLARED_PURPOSE = '(none)';
/** The action of a request refused before any access decision was made (400, 401, 409, 412, …). */
export const REFUSED_REQUEST = 'request';

/**
 * Why a denied entry was denied, as the person's list and the report say it (`isAccessRefusal`): `access` — the
 * actor was not let in (401, 403, 404); `request` — the request itself was refused (incomplete or invalid input,
 * a conflict, a stale version: 400, 409, 412, …), nothing was read or changed. Undefined for a permitted entry.
 */
export const refusalOf = (entry: Pick<AuditEntry, 'decision' | 'outcome'>): 'access' | 'request' | undefined =>
  entry.decision === 'permit' ? undefined : isAccessRefusal(entry.outcome) ? 'access' : 'request';

/** A request refused before (or without) a handler recording it: what the audit entry may hold. */
export interface RefusedRequest {
  /** `METHOD /path/{param}`, as the routes table writes it. */
  readonly route: string;
  /** The case id of the path in canonical spelling, or null. */
  readonly caseRef: string | null;
  /** The verified actor, when the token was valid. */
  readonly actor: Actor | undefined;
  /** The verified participant, when the token was a participant's (refused on a staff route, or bad input on theirs). */
  readonly participant?: ParticipantPrincipal | undefined;
  /** The raw `X-Purpose` header: recorded only when it names a purpose. */
  readonly purposeHeader: unknown;
  readonly requestId: string;
  readonly correlationId: string | null;
  readonly status: number;
  readonly now: Date;
}

/**
 * The deny entry of a refused request. It holds no content: no body, no query, no header beyond a
 * declared purpose that is one of the vocabulary; an unknown actor or purpose is an explicit marker.
 */
export const refusalEntry = (refused: RefusedRequest): AuditEntry => ({
  occurredAt: refused.now.toISOString(),
  actor: refused.actor
    ? { userId: refused.actor.userId, role: refused.actor.role, agencyId: refused.actor.agencyId }
    : refused.participant
      ? { userId: refused.participant.userId, role: 'participant', agencyId: PARTICIPANT_AGENCY }
      : { userId: ANONYMOUS, role: ANONYMOUS, agencyId: ANONYMOUS },
  action: REFUSED_REQUEST,
  route: refused.route,
  caseRef: refused.caseRef,
  categories: [],
  // A participant declares no purpose: theirs is always the data subject's own.
  purpose:
    !refused.actor && refused.participant
      ? PARTICIPANT_PURPOSE
      : isPurpose(refused.purposeHeader)
        ? refused.purposeHeader
        : UNDECLARED_PURPOSE,
  legalBasis: [],
  decision: 'deny',
  policyVersion: POLICY_VERSION,
  requestId: refused.requestId,
  correlationId: refused.correlationId,
  outcome: refused.status,
  disclosure: false,
  breakGlass: false,
});
