import { type CaseFacts, type PartnerSubscriber } from '@fallverbund/access-policy';
import {
  CASE_EVENT_TYPES,
  EVALUATION_EVENT_TYPES,
  PARTNER_EVENT_TYPES,
  partnerTopic,
  TOPICS,
} from '@fallverbund/contracts';
import { evolveCase, initialCaseState, type Case, type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type OutgoingMessage } from '@fallverbund/messaging';
import { factsFromState } from '../cases/case-access';
import { coverKey, type CoverState, routeExpiries, routePage } from './partner-routing';
import { EMBEDDED_SUBSCRIBERS } from './subscribers';
import { DEMO_AGENCY_PROFILES } from '../disclosure/agency-profiles';
import { CaseHistory, recorded } from './testing/case-history';

const fallakte =
  EMBEDDED_SUBSCRIBERS[0] ??
  (() => {
    throw new Error('no subscriber');
  })();
const topic = partnerTopic(fallakte.id);
const t = (minute: number): string => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();

/** Routes pages one after another, as the relay does, keeping the cover states it would store. */
class Harness {
  readonly log: RecordedEvent[] = [];
  readonly covers = new Map<string, CoverState>();
  readonly sent: OutgoingMessage[] = [];

  constructor(readonly subscriber: PartnerSubscriber = fallakte) {}

  facts(caseId: string): CaseFacts | undefined {
    const state = this.log
      .filter((e) => e.streamId === `case-${caseId}`)
      .reduce<Case>((s, e) => evolveCase(s, { type: e.type, data: e.data } as CaseEvent), initialCaseState());
    return state.status === 'open' ? factsFromState(state) : undefined;
  }

  page(now: string, ...page: RecordedEvent[]): OutgoingMessage[] {
    this.log.push(...page);
    const routed = routePage({
      page,
      subscribers: [this.subscriber],
      factsOf: (id) => this.facts(id),
      covers: this.covers,
      now: new Date(now),
      agencies: (id) => DEMO_AGENCY_PROFILES.of(id),
    });
    return this.store(routed);
  }

  expire(now: string): OutgoingMessage[] {
    const due = [...this.covers.values()].filter((c) => c.state === 'covered' && c.until !== null && c.until <= now);
    return this.store(
      routeExpiries({ due, subscribers: [this.subscriber], factsOf: (id) => this.facts(id), now: new Date(now) }),
    );
  }

  partner(): OutgoingMessage[] {
    return this.sent.filter((m) => m.topic === partnerTopic(this.subscriber.id));
  }

  private store(routed: { messages: OutgoingMessage[]; covers: CoverState[] }): OutgoingMessage[] {
    for (const cover of routed.covers) this.covers.set(coverKey(cover.subscriberId, cover.caseId), cover);
    this.sent.push(...routed.messages);
    return routed.messages;
  }
}

const types = (messages: readonly OutgoingMessage[]) => messages.map((m) => m.event.type);

describe('routePage: consent-aware partner streams', () => {
  it('sends a case to the partner only while a consent covers it, then one cover-ended, then nothing', () => {
    const h = new CaseHistory();
    const r = new Harness();
    r.page(t(1), ...recorded(h, h.opened(t(1)), h.teamMember(t(1))));
    expect(r.partner()).toEqual([]);

    const consent = h.consent(t(2), { purposes: ['coordination'], dataCategories: ['case_admin', 'plan'] });
    r.page(t(2), ...recorded(h, consent));
    r.page(
      t(3),
      ...recorded(
        h,
        h.healthNote(t(3)),
        // A psychotherapist's practice on the team is health data: withheld from a stream without health.
        h.teamMember(t(3), 'praxis-yilmaz', 'health_professional', 'deniz.psych'),
        h.teamMember(t(3), 'drv-nord', 'caseworker', 'w'),
      ),
    );
    expect(types(r.partner())).toEqual([CASE_EVENT_TYPES.consentGranted, CASE_EVENT_TYPES.teamMemberAdded]);
    expect(r.partner().map((m) => m.event.sequence)).toEqual([1, 2]);
    expect(r.partner().every((m) => m.key === h.caseId && m.event.subject === h.caseId)).toBe(true);

    r.page(t(4), ...recorded(h, h.withdraw(t(4), consent.consentId)));
    r.page(t(5), ...recorded(h, h.teamMember(t(5), 'drv-nord', 'caseworker', 'x'), h.healthNote(t(5))));
    expect(types(r.partner())).toEqual([
      CASE_EVENT_TYPES.consentGranted,
      CASE_EVENT_TYPES.teamMemberAdded,
      PARTNER_EVENT_TYPES.coverEnded,
    ]);
    expect(r.partner()[2]?.event).toMatchObject({
      subject: h.caseId,
      sequence: 3,
      time: t(4),
      data: { reason: 'consent_withdrawn' },
    });
    // The case topic carried everything all along (the health note as metadata only).
    expect(r.sent.filter((m) => m.topic === TOPICS.caseEvents)).toHaveLength(9);

    // A new consent covers the case again: a new stretch, the sequence goes on.
    r.page(t(6), ...recorded(h, h.consent(t(6), { purposes: ['youth_support'], dataCategories: ['case_admin'] })));
    expect(
      r
        .partner()
        .slice(3)
        .map((m) => [m.event.type, m.event.sequence]),
    ).toEqual([[CASE_EVENT_TYPES.consentGranted, 4]]);
  });

  it('never sends a category outside the cover: no health note, whatever the consent names', () => {
    const h = new CaseHistory();
    const r = new Harness();
    const everything = h.consent(t(1), {
      purposes: ['coordination', 'youth_support', 'health_promotion'],
      dataCategories: ['identity', 'case_admin', 'health', 'youth_welfare', 'addiction'],
    });
    const plain = h.consent(t(1), { purposes: ['coordination'], dataCategories: ['case_admin'] });
    r.page(t(1), ...recorded(h, h.opened(t(0)), everything, plain, h.healthNote(t(2)), h.healthNote(t(3))));
    // The consent naming health, youth welfare and addiction is itself data of them: withheld too.
    expect(r.partner().map((m) => [m.event.type, (m.event.data as { consentId?: string }).consentId])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, plain.consentId],
    ]);
  });

  it('sends nothing recorded before the consent, even when the relay delivers it after the grant', () => {
    const h = new CaseHistory();
    const r = new Harness();
    const opened = h.opened(t(1));
    const member = h.teamMember(t(2));
    const consent = h.consent(t(3));
    r.page(t(9), ...recorded(h, opened, member, consent, h.teamMember(t(4), 'drv-nord', 'caseworker', 'y')));
    expect(r.partner().map((m) => [m.event.type, m.event.time])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, t(3)],
      [CASE_EVENT_TYPES.teamMemberAdded, t(4)],
    ]);
  });

  it('decides at delivery: what a consent covered when recorded does not go out after its withdrawal', () => {
    const h = new CaseHistory();
    const r = new Harness();
    const consent = h.consent(t(2));
    r.page(t(2), ...recorded(h, h.opened(t(1)), consent));
    expect(r.partner()).toHaveLength(1);
    // The relay was behind: the page holds an event the consent covered and the withdrawal after it.
    r.page(t(9), ...recorded(h, h.teamMember(t(3)), h.withdraw(t(4), consent.consentId)));
    expect(types(r.partner())).toEqual([CASE_EVENT_TYPES.consentGranted, PARTNER_EVENT_TYPES.coverEnded]);
    // A stream that never received the case gets no cover-ended either.
    const other = new CaseHistory();
    const c2 = other.consent(t(2));
    r.page(t(9), ...recorded(other, other.opened(t(1)), c2, other.withdraw(t(3), c2.consentId)));
    expect(r.partner().filter((m) => m.key === other.caseId)).toEqual([]);
  });

  it('ends the cover when the consent runs out: on the timer, or at the next event of the case', () => {
    const h = new CaseHistory();
    const r = new Harness();
    r.page(t(1), ...recorded(h, h.opened(t(0)), h.consent(t(1), { validUntil: '2026-11-30' })));
    expect(r.covers.get(coverKey(fallakte.id, h.caseId))).toMatchObject({
      state: 'covered',
      until: '2026-12-01T00:00:00.000Z',
      sequence: 1,
    });
    expect(r.expire('2026-11-30T23:59:59.999Z')).toEqual([]);
    const ended = r.expire('2026-12-01T00:00:00.000Z');
    expect(ended.map((m) => [m.topic, m.event.type, m.event.data, m.event.time])).toEqual([
      [topic, PARTNER_EVENT_TYPES.coverEnded, { reason: 'consent_expired' }, '2026-12-01T00:00:00.000Z'],
    ]);
    expect(r.expire('2026-12-02T00:00:00.000Z')).toEqual([]);
    r.page('2026-12-02T00:00:00.000Z', ...recorded(h, h.teamMember('2026-12-02T00:00:00.000Z')));
    expect(r.partner()).toHaveLength(2);

    // Without the timer, the next event finds the cover gone.
    const g = new CaseHistory();
    r.page(t(1), ...recorded(g, g.opened(t(0)), g.consent(t(1), { validUntil: '2026-11-30' })));
    r.page('2026-12-05T08:00:00.000Z', ...recorded(g, g.teamMember('2026-12-05T08:00:00.000Z')));
    expect(types(r.partner().filter((m) => m.key === g.caseId))).toEqual([
      CASE_EVENT_TYPES.consentGranted,
      PARTNER_EVENT_TYPES.coverEnded,
    ]);
  });

  it("gives the lead agency's own system the case by statute, for its statutory purposes", () => {
    const h = new CaseHistory(undefined, { agencyId: 'jugendamt-mitte', agencyType: 'youth_office' });
    const r = new Harness();
    r.page(t(1), ...recorded(h, h.opened(t(1)), h.teamMember(t(1), 'jobcenter-mitte'), h.healthNote(t(2))));
    expect(types(r.partner())).toEqual([CASE_EVENT_TYPES.opened, CASE_EVENT_TYPES.teamMemberAdded]);
    expect(r.covers.get(coverKey(fallakte.id, h.caseId))?.until).toBeNull();
  });

  it('routes a page the same way twice (a redelivery after a crash has the same ids)', () => {
    const h = new CaseHistory();
    const page = recorded(h, h.opened(t(0)), h.consent(t(1)), h.teamMember(t(2)), h.childProtection(t(3)));
    const a = new Harness().page(t(5), ...page);
    const b = new Harness().page(t(5), ...page);
    expect(a.map((m) => [m.topic, m.key, m.event.id])).toEqual(b.map((m) => [m.topic, m.key, m.event.id]));
    expect(a.filter((m) => m.topic === TOPICS.caseEvents)).toHaveLength(3);
    expect(new Set(a.map((m) => m.event.id)).size).toBe(a.length);
  });
});

describe('routePage: case work on partner streams (referrals, plan, conferences, progress)', () => {
  const conferenceId = '0d9c8b7a-6f5e-4d3c-9b2a-190817263544';
  /** Referral, plan, conference and progress events of one case, recorded at minute 3 and later. */
  const caseWork = (h: CaseHistory, partnerAgencyId = 'vhs-mitte'): RecordedEvent[] => {
    const referral = h.referral(t(3), { partnerAgencyId });
    return recorded(
      h,
      referral,
      h.firstAppointment(t(4), referral.referralId),
      h.planDrafted(t(5)),
      h.planAgreed(t(6)),
      h.planStepCompleted(t(7)),
      h.conferenceScheduled(t(8), conferenceId),
      h.conferenceAgreement(t(8), conferenceId),
      h.conferenceHeld(t(9), conferenceId),
      h.progress(t(10)),
    );
  };

  it('sends each event only when the cover includes its category', () => {
    const h = new CaseHistory();
    const r = new Harness();
    // The consent names case_admin and progress only: no plan, no referrals.
    r.page(t(2), ...recorded(h, h.opened(t(1)), h.consent(t(2), { dataCategories: ['case_admin', 'progress'] })));
    r.page(t(11), ...caseWork(h));
    expect(r.partner().map((m) => [m.event.type, m.event.category, m.event.sequence])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 'case_admin', 1],
      [CASE_EVENT_TYPES.conferenceScheduled, 'case_admin', 2],
      [CASE_EVENT_TYPES.conferenceHeld, 'case_admin', 3],
      [CASE_EVENT_TYPES.progressAssessed, 'progress', 4],
    ]);
    // The internal case topic carries all of them (the conference agreement is not published).
    expect(types(r.sent.filter((m) => m.topic === TOPICS.caseEvents)).slice(2)).toEqual([
      CASE_EVENT_TYPES.referralSent,
      CASE_EVENT_TYPES.referralStatusChanged,
      CASE_EVENT_TYPES.planChanged,
      CASE_EVENT_TYPES.planChanged,
      CASE_EVENT_TYPES.planStepCompleted,
      CASE_EVENT_TYPES.conferenceScheduled,
      CASE_EVENT_TYPES.conferenceHeld,
      CASE_EVENT_TYPES.progressAssessed,
    ]);
    expect(types(r.sent.filter((m) => m.topic === TOPICS.evaluation))).toEqual([
      EVALUATION_EVENT_TYPES.caseOpened,
      EVALUATION_EVENT_TYPES.consentGranted,
      EVALUATION_EVENT_TYPES.referralWaited,
      EVALUATION_EVENT_TYPES.progressAssessed,
    ]);
  });

  it('sends plan and referral events once a consent names them', () => {
    const h = new CaseHistory();
    const r = new Harness();
    r.page(
      t(2),
      ...recorded(h, h.opened(t(1)), h.consent(t(2), { dataCategories: ['case_admin', 'plan', 'referrals'] })),
    );
    r.page(t(11), ...caseWork(h));
    expect(types(r.partner())).toEqual([
      CASE_EVENT_TYPES.consentGranted,
      CASE_EVENT_TYPES.referralSent,
      CASE_EVENT_TYPES.referralStatusChanged,
      CASE_EVENT_TYPES.planChanged,
      CASE_EVENT_TYPES.planChanged,
      CASE_EVENT_TYPES.planStepCompleted,
      CASE_EVENT_TYPES.conferenceScheduled,
      CASE_EVENT_TYPES.conferenceHeld,
    ]);
    const texts = JSON.stringify(r.partner().map((m) => m.event));
    expect(texts).not.toMatch(/Alkoholkonsum|Sparkasse|schuldenfrei|Räumungsklage|Erziehung|termin-schuldner/);
  });

  it('withholds what names an addiction service from a stream without addiction, and reduces shared categories', () => {
    const h = new CaseHistory();
    const r = new Harness();
    r.page(
      t(2),
      ...recorded(h, h.opened(t(1)), h.consent(t(2), { dataCategories: ['case_admin', 'plan', 'referrals'] })),
    );
    const toAddiction = h.referral(t(3), { partnerAgencyId: 'suchtberatung-nord' });
    const toVhs = h.referral(t(3), { partnerAgencyId: 'vhs-mitte', sharedCategories: ['identity', 'referrals'] });
    r.page(
      t(11),
      ...recorded(
        h,
        toAddiction,
        h.firstAppointment(t(4), toAddiction.referralId),
        toVhs,
        h.conferenceScheduled(t(5), '1d9c8b7a-6f5e-4d3c-9b2a-190817263544', ['jugendamt-mitte', 'suchtberatung-nord']),
        h.teamMember(t(6), 'suchtberatung-nord', 'partner_staff', 'emil.counsel'),
      ),
    );
    const sent = r.partner().map((m) => m.event);
    expect(sent.map((e) => e.type)).toEqual([CASE_EVENT_TYPES.consentGranted, CASE_EVENT_TYPES.referralSent]);
    expect(sent[1]?.data).toMatchObject({ referralId: toVhs.referralId, sharedCategories: ['referrals'] });
    expect(JSON.stringify(sent)).not.toContain('suchtberatung-nord');
    expect(JSON.stringify(sent)).not.toContain(toAddiction.referralId);
  });

  it('never sends plan_changed to a partner without plan in its registration, whatever the consent names', () => {
    const noPlan: PartnerSubscriber = { ...fallakte, id: 'jugendamt-mitte-ohne-plan', categories: ['case_admin'] };
    const h = new CaseHistory();
    const r = new Harness(noPlan);
    r.page(
      t(2),
      ...recorded(
        h,
        h.opened(t(1)),
        h.consent(t(2), { dataCategories: ['case_admin', 'plan', 'referrals', 'progress'] }),
      ),
    );
    r.page(t(11), ...caseWork(h));
    // The conference scheduled and held; the consent names plan, referrals and progress, which this
    // stream may not receive, so the consent itself is withheld.
    expect(types(r.partner())).toEqual([CASE_EVENT_TYPES.conferenceScheduled, CASE_EVENT_TYPES.conferenceHeld]);
    expect(types(r.partner())).not.toContain(CASE_EVENT_TYPES.planChanged);
    // The lead agency's own system gets them by statute, as its registration asks.
    const lead = new CaseHistory(undefined, { agencyId: 'jugendamt-mitte', agencyType: 'youth_office' });
    r.page(t(2), ...recorded(lead, lead.opened(t(1))));
    r.page(t(11), ...caseWork(lead));
    expect(types(r.partner().filter((m) => m.key === lead.caseId))).not.toContain(CASE_EVENT_TYPES.planChanged);
    const withPlan = new Harness();
    const again = new CaseHistory(undefined, { agencyId: 'jugendamt-mitte', agencyType: 'youth_office' });
    withPlan.page(t(2), ...recorded(again, again.opened(t(1))));
    withPlan.page(t(11), ...caseWork(again));
    expect(types(withPlan.partner())).toContain(CASE_EVENT_TYPES.planChanged);
  });
});

describe('routePage: Art. 19 GDPR notices to partner streams', () => {
  it('tells a stream that received the case of an erasure, also after its cover ended; never one that did not', () => {
    const h = new CaseHistory();
    const never = new CaseHistory();
    const r = new Harness();
    r.page(t(1), ...recorded(h, h.opened(t(1))), ...recorded(never, never.opened(t(1))));
    const consent = h.consent(t(2), { purposes: ['coordination'], dataCategories: ['case_admin'] });
    r.page(t(2), ...recorded(h, consent));
    r.page(t(3), ...recorded(h, h.withdraw(t(3), consent.consentId)));
    r.page(t(4), ...recorded(h, h.erased(t(4))), ...recorded(never, never.erased(t(4))));
    expect(types(r.partner())).toEqual([
      CASE_EVENT_TYPES.consentGranted,
      PARTNER_EVENT_TYPES.coverEnded,
      PARTNER_EVENT_TYPES.erasureNotified,
    ]);
    const notice = r.partner()[2]?.event;
    expect(notice).toMatchObject({ subject: h.caseId, sequence: 3, time: t(4) });
    expect(notice?.data).toEqual({
      categories: expect.arrayContaining(['identity', 'health', 'case_admin']) as unknown,
      effectiveAt: t(4),
      legalBasis: 'gdpr_art_17_sgb_x_84',
    });
    expect(notice?.category).toBeUndefined();
    expect(r.partner().some((m) => m.key === never.caseId)).toBe(false);
    // Delivered again (a page read twice), the notice keeps its id.
    const again = new Harness();
    const replay = (harness: Harness) => {
      harness.page(t(1), ...r.log.slice(0, 2));
      harness.page(t(2), r.log[2]!);
      harness.page(t(3), r.log[3]!);
      return harness.page(t(4), ...r.log.slice(4)).find((m) => m.event.type === PARTNER_EVENT_TYPES.erasureNotified);
    };
    expect(replay(again)?.event.id).toBe(notice?.id);
  });

  it('tells a covered stream of a restriction and its lifting, with the categories restricted', () => {
    const h = new CaseHistory();
    const r = new Harness();
    r.page(t(1), ...recorded(h, h.opened(t(1))));
    r.page(t(2), ...recorded(h, h.consent(t(2), { purposes: ['coordination'], dataCategories: ['case_admin'] })));
    r.page(t(3), ...recorded(h, h.restricted(t(3), ['contacts', 'health'])));
    r.page(t(4), ...recorded(h, h.restrictionLifted(t(4))));
    const notices = r.partner().filter((m) => m.event.type === PARTNER_EVENT_TYPES.restrictionNotified);
    expect(notices.map((m) => [m.event.sequence, m.event.data])).toEqual([
      [
        2,
        {
          action: 'restricted',
          categories: ['contacts', 'health'],
          effectiveAt: t(3),
          legalBasis: 'gdpr_art_18_sgb_x_84',
        },
      ],
      [3, { action: 'lifted', categories: [], effectiveAt: t(4), legalBasis: 'gdpr_art_18_sgb_x_84' }],
    ]);
  });
});
