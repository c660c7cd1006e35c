import { Query } from '@nestjs/cqrs';
import { type ReferralStatus } from '@fallverbund/cases-domain';
import { type DataCategory, type Erased } from '@fallverbund/kernel';
import { type RequestContext } from '../cases/request-context';

/** A referral as its reader sees it: the closed loop so far, and the reason opened from its seal. */
export interface ReferralView {
  readonly id: string;
  readonly caseId: string;
  /** Name and type as the agency directory knows them now (null for an agency no longer in it). */
  readonly partner: { readonly agencyId: string; readonly name: string | null; readonly agencyType: string | null };
  readonly purpose: string;
  readonly sharedCategories: readonly DataCategory[];
  readonly consentIds: readonly string[];
  readonly status: string;
  readonly reason: string | Erased;
  readonly referredBy: { readonly userId: string; readonly agencyId: string };
  readonly sentAt: string;
  readonly acceptedAt: string | null;
  readonly declined: { readonly at: string; readonly reason: string } | null;
  /** The first appointment as the partner planned it last (may lie ahead); null when none was planned. */
  readonly plannedAppointmentAt: string | null;
  readonly firstAppointmentAt: string | null;
  /** Whole days from sending to the first appointment. */
  readonly waitingDays: number | null;
  readonly completedAt: string | null;
  /** The partner's report back: yes/no only. */
  readonly attestation: { readonly attended: boolean; readonly goalReached: boolean } | null;
  readonly cancelled: { readonly at: string; readonly reason: string } | null;
  readonly steps: readonly { readonly status: string; readonly at: string; readonly by: string }[];
}

/** Category `referrals`: the referrals of a case, newest first; a partner sees those to its own agency. */
export class ListReferralsQuery extends Query<{ items: ReferralView[] }> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class GetReferralQuery extends Query<ReferralView> {
  constructor(
    readonly caseId: string,
    readonly referralId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Referrals the declared purpose hides, counted under the purpose to ask under; never a case id. */
export interface HiddenByPurpose {
  readonly purpose: string;
  readonly count: number;
}

/** A referral in the partner's inbox: with the participant's name where the reader may read `identity`. */
export interface InboxReferral extends ReferralView {
  readonly participant?: { readonly givenName: string; readonly familyName: string } | Erased;
}

export interface ReferralInbox {
  readonly items: InboxReferral[];
  readonly nextOffset: number | null;
  /** Referrals to the agency that the actor may read under another purpose than the declared one. */
  readonly hiddenByPurpose: HiddenByPurpose[];
}

/** The partner's inbox: referrals to the actor's agency that the actor may read now, newest first. */
export class ListReferralInboxQuery extends Query<ReferralInbox> {
  constructor(
    readonly context: RequestContext,
    readonly status: ReferralStatus | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
