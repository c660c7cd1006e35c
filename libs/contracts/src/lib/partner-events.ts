import { closedObject, type JsonSchema } from './json-schema';

/** Events only the consent-aware partner streams carry, besides the case events they are entitled to. */
export const PARTNER_EVENT_TYPES = {
  coverEnded: 'partners.cover.ended.v1',
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

export const PARTNER_EVENT_SCHEMAS = {
  [PARTNER_EVENT_TYPES.coverEnded]: closedObject(
    `https://fallverbund.example/contracts/${PARTNER_EVENT_TYPES.coverEnded}`,
    'Cover ended',
    { reason: { type: 'string', enum: [...COVER_ENDED_REASONS] } },
  ),
} as const satisfies Record<string, JsonSchema>;
