import { DATA_SUBJECT_ACCESS } from '@fallverbund/kernel';

/**
 * How a participant's own accesses are written to the audit log. A participant declares no purpose
 * (none of the agencies' purposes is theirs): every read or act on `/api/me` is recorded under one
 * purpose and one basis of its own, and with no agency, since the participant has none.
 */

/** The audit purpose of every participant access: the data subject exercising their rights. */
export const PARTICIPANT_PURPOSE = DATA_SUBJECT_ACCESS;

/** The legal basis recorded with a participant's reads of their own case. */
export const PARTICIPANT_BASIS = 'Art. 15 GDPR: the data subject';

/** The basis of a participant's withdrawal of a consent they gave. */
export const WITHDRAWAL_BASIS = 'Art. 7 Abs. 3 GDPR: withdrawal by the data subject';

/** The basis of redeeming an invitation: the participant binds their own account to their case. */
export const REDEMPTION_BASIS = 'invitation issued by the case team';

/** `actor.agencyId` of a participant's audit entries: a marker, like `(anonymous)`, not an agency. */
export const PARTICIPANT_AGENCY = '(participant)';
