import { Query } from '@nestjs/cqrs';
import { type DataCategory, type Erased } from '@fallverbund/kernel';
import { type ConsentRecord } from './case-read-model.entities';
import { type YouthWelfareSection } from '../entrusted-notes/entrusted-note.section';
import { type RequestContext } from './request-context';

/**
 * A case as one caller may see it: only the sections the policy grants are present, the others are
 * named in `withheld`; `access` says on which legal basis each section was given.
 */
export interface CaseView {
  readonly id: string;
  readonly version: number;
  readonly participant?: { givenName: string; familyName: string; birthDate: string } | Erased;
  readonly caseAdmin?: {
    readonly leadAgencyId: string;
    readonly status: string;
    /** Set while the case is closed. */
    readonly exitReason: string | null;
    /** The follow-up dates of the aftercare (YYYY-MM-DD); empty outside aftercare. */
    readonly followUps: readonly string[];
    readonly team: readonly { userId: string; agencyId: string; role: string; addedAt: string }[];
    /** Members whose agency reveals a category the reader may not read (a health provider, an addiction service). */
    readonly withheldTeamMembers: number;
    readonly openedAt: string;
    /** When the first contact took place (intake); null until the read models are rebuilt after the migration. */
    readonly firstContactAt: string | null;
    readonly updatedAt: string;
  };
  readonly health?: { readonly notes: readonly HealthNoteView[]; readonly withheldNotes: number };
  /** § 65 SGB VIII: the entrusted notes this reader may read, and the count of the others. */
  readonly youthWelfare?: YouthWelfareSection;
  readonly withheld: readonly DataCategory[];
  readonly access: {
    readonly purpose: string;
    readonly legalBasis: Partial<Record<DataCategory, string>>;
    /**
     * The categories this reader may record on this case under the declared purpose: what a client offers
     * forms for. Each command is still decided on its own (some need more, e.g. the lead agency).
     */
    readonly recordable: readonly DataCategory[];
    /** Whether this reader may send a referral (the case team or a consent; a referral's partner answers it, never refers on). */
    readonly mayRefer: boolean;
  };
  /** Categories this reader would read but whose processing is restricted (§ 84 SGB X). */
  readonly restricted: readonly DataCategory[];
  /** The person disputes the accuracy of the case (categories null) or of these categories. */
  readonly accuracyDisputed: { readonly categories: readonly DataCategory[] | null; readonly since: string } | null;
}

export interface HealthNoteView {
  readonly id: string;
  readonly text: string | Erased;
  readonly author: { userId: string; agencyId: string };
  readonly secrecy: boolean;
  readonly recordedAt: string;
}

/** The rule a listed case is visible under (the rule that names the basis of `identity`, else of `case_admin`). */
export type CaseVisibleAs = 'team' | 'consent' | 'supervision' | 'child_protection' | 'restriction';

export const CASE_VISIBLE_AS: readonly CaseVisibleAs[] = [
  'team',
  'consent',
  'supervision',
  'child_protection',
  'restriction',
];

/**
 * Which of the visible cases a list holds: `mine` the cases the caller is on the team of, `team` the
 * cases the caller's agency leads (the own team's and, for a team lead, the supervised ones), `shared`
 * the cases another agency leads that a consent (or a referral under it) shares with the caller, `all`
 * every case the caller may read `identity` or `case_admin` of.
 */
export type CaseListScope = 'mine' | 'team' | 'shared' | 'all';

export const CASE_LIST_SCOPES: readonly CaseListScope[] = ['mine', 'team', 'shared', 'all'];

export const CASE_STATUSES = ['active', 'aftercare', 'closed'] as const;

/** Filters of the case list; more may be added (each narrows the same visible set). */
export interface CaseListFilter {
  readonly scope?: CaseListScope;
  readonly status?: (typeof CASE_STATUSES)[number];
  /** Name search: every word must match a word of the given or family name, or its start (libs/cases/search). */
  readonly q?: string;
  /** YYYY-MM-DD: only cases whose participant was born that day. */
  readonly birthDate?: string;
}

export interface CaseListItem {
  readonly id: string;
  readonly participant?: { givenName: string; familyName: string } | Erased;
  /** leadAgencyId, status, openedAt: `case_admin`, shown only to a reader of it. */
  readonly leadAgencyId?: string;
  readonly status?: string;
  readonly openedAt?: string;
  readonly version: number;
  readonly visibleAs: CaseVisibleAs;
  /** The legal basis of that rule, as the audit log records it ('team', 'consent:<id>', …). */
  readonly legalBasis: string;
}

export interface TimelineEntryView {
  readonly eventId: string;
  readonly version: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: { userId: string; agencyId: string };
  readonly purpose: string;
  readonly details: Record<string, string>;
}

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class ListMyCasesQuery extends Query<{ items: CaseListItem[]; nextOffset: number | null }> {
  constructor(
    readonly context: RequestContext,
    readonly limit: number,
    readonly offset: number,
    readonly filter: CaseListFilter = {},
  ) {
    super();
  }
}

/** The entries the reader may see, and how many others the case has (withheld: they reveal categories the reader may not read). */
export interface CaseTimelineView {
  readonly items: TimelineEntryView[];
  readonly withheldEntries: number;
}

export class GetCaseTimelineQuery extends Query<CaseTimelineView> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * A consent as its reader may see it: in full to a reader of every category it reveals (its categories,
 * what its recipients reveal); reduced to that it exists for the lead agency's staff, who administer it.
 */
export type ConsentView =
  | (ConsentRecord & { active: boolean; reduced?: never })
  | (Pick<
      ConsentRecord,
      'consentId' | 'form' | 'grantedBy' | 'recordedBy' | 'grantedAt' | 'validUntil' | 'withdrawnAt'
    > & {
      active: boolean;
      reduced: true;
    });

export class ListConsentsQuery extends Query<{ items: ConsentView[] }> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export interface ChildProtectionDeclarationView {
  readonly id: string;
  readonly caseId: string;
  readonly userId: string;
  readonly agencyId: string;
  /** Opened for the DPO; erased with the participant's key or with the category `youth_welfare`. */
  readonly justification: string | Erased;
  readonly declaredAt: string;
  readonly expiresAt: string;
  readonly active: boolean;
}

/** For data protection officers: every access opened under § 8a SGB VIII. */
export class ListChildProtectionDeclarationsQuery extends Query<{ items: ChildProtectionDeclarationView[] }> {
  constructor(readonly context: RequestContext) {
    super();
  }
}

export interface ContactFields {
  readonly kind: string;
  readonly occurredAt: string;
  readonly durationMinutes: number;
  readonly participants: readonly string[];
  /** Absent when its category is one the reader may not read (then counted in `withheldTexts`). */
  readonly summary?: string | null | Erased;
  /** The summary's data category, beside a summary the reader gets. */
  readonly summaryCategory?: DataCategory;
}

/** A contact in its current version, with the version first recorded and every correction. */
export interface ContactView extends ContactFields {
  readonly id: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly original: ContactFields;
  readonly corrections: readonly {
    readonly id: string;
    readonly changes: Partial<ContactFields>;
    /** Absent when its category is one the reader may not read. */
    readonly reason?: string | Erased;
    readonly reasonCategory?: DataCategory;
    readonly correctedBy: string;
    readonly correctedAt: string;
  }[];
  /** How many texts of this contact (summaries, reasons) are of a category the reader may not read. */
  readonly withheldTexts: number;
}

/** Category `contacts`: the contacts of a case, newest first. */
export class ListContactsQuery extends Query<{ items: ContactView[] }> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
