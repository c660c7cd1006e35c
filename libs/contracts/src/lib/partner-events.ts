import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';
import { closedObject, enumOf, setOf, type JsonSchema } from './json-schema';

/** Events only the consent-aware partner streams carry, besides the case events they are entitled to. */
export const PARTNER_EVENT_TYPES = {
  coverEnded: 'partners.cover.ended.v1',
  erasureNotified: 'partners.erasure.notified.v1',
  restrictionNotified: 'partners.restriction.notified.v1',
} as const;

export const COVER_ENDED_REASONS = ['consent_withdrawn', 'consent_expired', 'no_longer_covered'] as const;
export type CoverEndedReason = (typeof COVER_ENDED_REASONS)[number];

/**
 * The subscriber's cover for this case (subject) ended: delivered once, after which the stream
 * carries nothing more of the case until a new consent covers it again. Subscribers should delete
 * or block what they hold of the case.
 */
export interface CoverEndedV1 {
  readonly reason: CoverEndedReason;
}

/** The norms a notice rests on (Art. 19 GDPR tells the recipient; these say what was done). */
export const ERASURE_NOTICE_BASES = ['gdpr_art_17_sgb_x_84'] as const;
export const RESTRICTION_NOTICE_BASES = ['gdpr_art_18_sgb_x_84'] as const;
export const RESTRICTION_NOTICE_ACTIONS = ['restricted', 'lifted'] as const;

/**
 * Art. 19 GDPR: data of this case (subject) that the stream once carried were erased. Sent to every
 * stream that ever received the case, also when its cover has ended. Subscribers erase what they hold
 * of these categories. No personal data: which categories, when, on which basis.
 */
export interface ErasureNotifiedV1 {
  readonly categories: DataCategory[];
  readonly effectiveAt: string;
  readonly legalBasis: (typeof ERASURE_NOTICE_BASES)[number];
}

/**
 * Art. 19 GDPR: processing of these categories of the case was restricted (§ 84 Abs. 3 SGB X, Art. 18
 * GDPR), or the restriction was lifted. Subscribers keep but no longer use what they hold of them.
 */
export interface RestrictionNotifiedV1 {
  readonly action: (typeof RESTRICTION_NOTICE_ACTIONS)[number];
  readonly categories: DataCategory[];
  readonly effectiveAt: string;
  readonly legalBasis: (typeof RESTRICTION_NOTICE_BASES)[number];
}

const INSTANT: JsonSchema = { type: 'string', format: 'date-time' };

export const PARTNER_EVENT_SCHEMAS = {
  [PARTNER_EVENT_TYPES.coverEnded]: closedObject(
    `https://fallverbund.example/contracts/${PARTNER_EVENT_TYPES.coverEnded}`,
    'Cover ended',
    { reason: { type: 'string', enum: [...COVER_ENDED_REASONS] } },
  ),
  [PARTNER_EVENT_TYPES.erasureNotified]: closedObject(
    `https://fallverbund.example/contracts/${PARTNER_EVENT_TYPES.erasureNotified}`,
    'Erasure notified (Art. 19 GDPR)',
    {
      categories: setOf(enumOf(DATA_CATEGORIES)),
      effectiveAt: INSTANT,
      legalBasis: enumOf(ERASURE_NOTICE_BASES),
    },
  ),
  [PARTNER_EVENT_TYPES.restrictionNotified]: closedObject(
    `https://fallverbund.example/contracts/${PARTNER_EVENT_TYPES.restrictionNotified}`,
    'Restriction notified (Art. 19 GDPR)',
    {
      action: enumOf(RESTRICTION_NOTICE_ACTIONS),
      categories: setOf(enumOf(DATA_CATEGORIES), 0),
      effectiveAt: INSTANT,
      legalBasis: enumOf(RESTRICTION_NOTICE_BASES),
    },
  ),
} as const satisfies Record<string, JsonSchema>;
