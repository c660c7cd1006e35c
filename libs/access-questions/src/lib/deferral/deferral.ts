import { DomainError, type Event } from '@fallverbund/kernel';

/**
 * The grounds on which the law lets the data protection officer hold accesses back from the person's
 * own view for a time (see docs/decisions.md, "Participant's own view (issue 14)"):
 * - `child_protection_8a`: § 8a SGB VIII, § 4 KKG: telling the people concerned would endanger the child;
 * - `sgb_x_83_4`: § 83 SGB X, the limits of the right of access: the information would endanger the
 *   proper fulfilment of the agency's tasks or public security, or the data must be kept secret;
 * - `sgb_x_82a`: § 82a SGB X: the same grounds for not informing the person of a collection;
 * - `gdpr_art_23`: Art. 23 GDPR, the restriction these provisions rest on.
 */
export const DEFERRAL_REASONS = ['child_protection_8a', 'sgb_x_83_4', 'sgb_x_82a', 'gdpr_art_23'] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];
export const isDeferralReason = (value: unknown): value is DeferralReason =>
  DEFERRAL_REASONS.includes(value as DeferralReason);

/** The data protection officer set (or moved) the date from which a case's held-back accesses are shown. */
export type AccessDeferralSet = Event<
  'AccessDeferralSet',
  {
    readonly caseId: string;
    /** ISO 8601 instant; null: held back until a date is set. */
    readonly releaseAt: string | null;
    readonly reason: DeferralReason;
    readonly setAt: string;
    readonly setBy: string;
  }
>;

export interface SetAccessDeferral {
  readonly type: 'SetAccessDeferral';
  readonly data: { readonly caseId: string; readonly releaseAt: string | null; readonly reason: string };
  readonly metadata: { readonly now: Date; readonly actor: { readonly userId: string } };
}

export type Deferral = AccessDeferralSet['data'];

export class DeferralInvalidError extends DomainError {
  readonly code = 'DEFERRAL.INVALID';
  readonly kind = 'invalid';
}

/** One stream per case holds its deferral's history. */
export const deferralStreamId = (caseId: string): string => `access-deferral-${caseId}`;
export const DEFERRAL_STREAM = /^access-deferral-/;

export function decideDeferral({ data, metadata }: SetAccessDeferral): AccessDeferralSet[] {
  if (!isDeferralReason(data.reason))
    throw new DeferralInvalidError(`the reason must be one of ${DEFERRAL_REASONS.join(', ')}`);
  let releaseAt: string | null = null;
  if (data.releaseAt !== null) {
    const time = Date.parse(data.releaseAt);
    if (Number.isNaN(time)) throw new DeferralInvalidError('releaseAt is not an ISO 8601 instant');
    releaseAt = new Date(time).toISOString();
  }
  return [
    {
      type: 'AccessDeferralSet',
      data: {
        caseId: data.caseId,
        releaseAt,
        reason: data.reason,
        setAt: metadata.now.toISOString(),
        setBy: metadata.actor.userId,
      },
    },
  ];
}

/** The newest setting is the one in force. */
export const evolveDeferral = (_: Deferral | undefined, event: AccessDeferralSet): Deferral => event.data;

/** What the hold-back rule looks at in an audit entry. */
export interface DeferrableEntry {
  readonly purpose: string;
  readonly breakGlass: boolean;
}

/** An access under child protection: declared for it, or opened on a § 8a declaration. */
export const isChildProtectionAccess = (entry: DeferrableEntry): boolean =>
  entry.purpose === 'child_protection' || entry.breakGlass;

const released = (deferral: Deferral | undefined, now: Date): boolean =>
  deferral?.releaseAt !== null && deferral?.releaseAt !== undefined && Date.parse(deferral.releaseAt) <= now.getTime();

/**
 * Whether the person may not see this access of their case yet. Child-protection accesses are held
 * back by default, until the release date the data protection officer set has passed. A deferral on
 * another ground (§ 83 Abs. 4 SGB X, § 82a SGB X, Art. 23 GDPR) holds back every access of the case
 * until its release date; without a date, until one is set.
 */
export function isHeldBack(entry: DeferrableEntry, deferral: Deferral | undefined, now: Date): boolean {
  if (released(deferral, now)) return false;
  if (isChildProtectionAccess(entry)) return true;
  return deferral !== undefined && deferral.reason !== 'child_protection_8a';
}
