import { type DataCategory } from '@fallverbund/kernel';
import { clock } from '../app/clock';
import { type TestApp } from './test-app';

/**
 * One case with a unique marker in every field and free text of every data category, and an event of
 * every type the API can record, for the canary leak tests: whatever any route or stream answers, a
 * marker may reach only a reader of its category.
 *
 * A marker is `canary-<category>-<what>`; `secrecy` markers are a health professional's notes (§ 76
 * SGB X: the author and persons a consent names), `entrusted` ones youth-welfare data entrusted under
 * § 65 SGB VIII (the author and persons a consent names).
 */
export interface CanaryMarker {
  readonly text: string;
  readonly category: DataCategory;
  /** A narrower rule than the category: only `author` and persons a consent names may read it. */
  readonly restricted?: { readonly kind: 'secrecy' | 'entrusted'; readonly author: string };
}

export interface CanaryCase {
  readonly caseId: string;
  readonly markers: readonly CanaryMarker[];
  readonly referralIds: readonly string[];
  readonly conferenceIds: readonly string[];
  readonly consentIds: readonly string[];
  readonly contactIds: readonly string[];
  /** Withdraws every consent (the second consent state of the tests). */
  withdrawAll(): Promise<void>;
}

const marker = (category: DataCategory, what: string): CanaryMarker => ({
  text: `canary-${category}-${what}`,
  category,
});

/** Whether the entrusted-notes route (§ 65 SGB VIII) is served: the canary then seeds one. */
const ENTRUSTED_NOTES = '/api/cases/{id}/entrusted-notes';

export const seedCanaryCase = async (t: TestApp, routes: readonly string[]): Promise<CanaryCase> => {
  const markers: CanaryMarker[] = [];
  const m = (category: DataCategory, what: string): string => {
    const made = marker(category, what);
    markers.push(made);
    return made.text;
  };
  const post = async (path: string, headers: Record<string, string>, body: object = {}): Promise<{ id?: string }> => {
    step();
    const response = await t.http.post(path).set(headers).send(body);
    if (response.status !== 201)
      throw new Error(`canary seed ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id?: string };
  };
  // The case is recorded over the last hours: the clock stands at `step` minutes before now, and
  // moves on one minute with every recorded step.
  const now = Date.now();
  const realNow = clock.now;
  let minutesAgo = 600;
  const step = (): void => {
    minutesAgo -= 1;
    const instant = new Date(now - minutesAgo * 60_000);
    clock.now = () => instant;
  };
  step();
  /** `seconds` before the instant the clock stands at now (after the case was opened). */
  const at = (seconds: number): string => new Date(clock.now().getTime() - seconds * 1000).toISOString();
  const day = (daysAhead: number): string => new Date(now + daysAhead * 86_400_000).toISOString().slice(0, 10);

  const anna = await t.as('anna.coach', 'integration');
  const annaHealth = await t.as('anna.coach', 'health_promotion');
  const annaCoordination = await t.as('anna.coach', 'coordination');
  const emil = await t.as('emil.counsel', 'health_promotion');
  const caseId = await t.openCase(anna, {
    givenName: m('identity', 'given-name'),
    familyName: m('identity', 'family-name'),
    birthDate: '1988-03-14',
  });
  const c = `/api/cases/${caseId}`;
  for (const userId of ['clara.youth', 'deniz.psych']) await post(`${c}/team-members`, anna, { userId });

  const consent = async (body: object): Promise<string> =>
    (await post(`${c}/consents`, anna, { form: 'written', grantedBy: 'participant', ...body })).id as string;
  const consentIds = [
    await consent({
      purposes: ['youth_support', 'coordination', 'case_conference'],
      dataCategories: ['identity', 'case_admin', 'plan', 'referrals', 'youth_welfare'],
      recipientAgencyIds: ['jugendamt-mitte'],
      evidenceRef: m('youth_welfare', 'consent-evidence'),
    }),
    await consent({
      purposes: ['health_promotion', 'case_conference'],
      dataCategories: ['identity', 'case_admin', 'plan', 'addiction'],
      recipientAgencyIds: ['suchtberatung-nord'],
      evidenceRef: m('addiction', 'consent-evidence'),
    }),
    await consent({
      purposes: ['health_promotion', 'rehabilitation'],
      dataCategories: ['identity', 'case_admin', 'contacts', 'plan', 'health'],
      recipientAgencyIds: ['praxis-yilmaz'],
      recipientUserIds: ['deniz.psych'],
      evidenceRef: m('health', 'consent-evidence'),
    }),
    await consent({
      purposes: ['integration'],
      dataCategories: ['identity', 'referrals', 'finances'],
      recipientAgencyIds: ['schuldnerberatung-mitte'],
      evidenceRef: m('finances', 'consent-evidence'),
    }),
    await consent({
      purposes: ['integration', 'health_promotion', 'coordination'],
      dataCategories: ['identity', 'case_admin', 'referrals'],
      recipientAgencyIds: ['vhs-mitte'],
      evidenceRef: m('case_admin', 'consent-evidence'),
    }),
  ];

  // Contacts: the section's own text, an addiction text, a correction with its reason.
  const contactIds = [
    (
      await post(`${c}/contacts`, anna, {
        kind: 'office',
        occurredAt: at(30),
        durationMinutes: 45,
        summary: m('contacts', 'summary'),
      })
    ).id as string,
    (
      await post(`${c}/contacts`, annaHealth, {
        kind: 'walk_and_talk',
        occurredAt: at(20),
        durationMinutes: 30,
        summary: m('addiction', 'contact-summary'),
        summaryCategory: 'addiction',
      })
    ).id as string,
  ];
  await post(`${c}/contacts/${contactIds[0]}/corrections`, anna, {
    durationMinutes: 50,
    reason: m('contacts', 'correction-reason'),
  });

  // Health: a note of the coach, and a secrecy holder's note (§ 76 SGB X).
  await post(`${c}/health-notes`, annaHealth, { text: m('health', 'note') });
  const secrecy = `canary-health-secrecy-note`;
  markers.push({ text: secrecy, category: 'health', restricted: { kind: 'secrecy', author: 'deniz.psych' } });
  await post(`${c}/health-notes`, await t.as('deniz.psych', 'health_promotion'), { text: secrecy });

  // Youth welfare: entrusted data (§ 65 SGB VIII) where the route is served, and a § 8a declaration.
  if (routes.includes(ENTRUSTED_NOTES)) {
    const entrusted = `canary-youth_welfare-entrusted-note`;
    markers.push({
      text: entrusted,
      category: 'youth_welfare',
      restricted: { kind: 'entrusted', author: 'clara.youth' },
    });
    await post(`${c}/entrusted-notes`, await t.as('clara.youth', 'youth_support'), {
      text: entrusted,
      entrustedBy: 'participant',
    });
  }
  await post(`${c}/child-protection-declarations`, await t.as('clara.youth', 'child_protection'), {
    justification: `${m('youth_welfare', 'justification')}: Hinweise auf Vernachlässigung`,
  });

  // Referrals: to an addiction service (accepted, first appointment), one declined, one completed, one
  // cancelled; to adult education and to debt counselling.
  const refer = async (headers: Record<string, string>, body: object): Promise<string> =>
    (await post(`${c}/referrals`, headers, body)).id as string;
  const toAddiction = (what: string) => ({
    partnerAgencyId: 'suchtberatung-nord',
    purpose: 'health_promotion',
    sharedCategories: ['identity', 'addiction'],
    reason: m('addiction', what),
  });
  const referralIds = [
    await refer(annaHealth, toAddiction('referral-reason')),
    await refer(annaHealth, toAddiction('declined-referral-reason')),
    await refer(annaHealth, toAddiction('completed-referral-reason')),
    await refer(annaHealth, toAddiction('cancelled-referral-reason')),
    await refer(anna, {
      partnerAgencyId: 'vhs-mitte',
      purpose: 'integration',
      sharedCategories: ['identity', 'referrals'],
      reason: m('referrals', 'referral-reason'),
    }),
    await refer(anna, {
      partnerAgencyId: 'schuldnerberatung-mitte',
      purpose: 'integration',
      sharedCategories: ['identity', 'finances'],
      reason: m('finances', 'referral-reason'),
    }),
  ];
  const r = (i: number) => `${c}/referrals/${referralIds[i]}`;
  await post(`${r(0)}/accept`, emil);
  await post(`${r(0)}/first-appointment`, emil, { appointmentAt: at(10) });
  await post(`${r(1)}/decline`, emil, { reason: 'no_capacity' });
  await post(`${r(2)}/accept`, emil);
  await post(`${r(2)}/first-appointment`, emil, { appointmentAt: at(10) });
  await post(`${r(2)}/complete`, emil, { attended: true, goalReached: false });
  await post(`${r(3)}/cancel`, annaHealth, { reason: 'need_met_elsewhere' });

  // The plan: version 1 (with a finances goal) agreed, a step done; version 2 (addiction and health goals) disputed,
  // mediated.
  const legalStatus = { basis: '§ 15 SGB II', binding: false, mediationAvailable: true };
  await post(`${c}/plan/versions`, anna, {
    legalStatus,
    goals: [
      { goalId: 'g1', lifeArea: 'work', text: m('plan', 'goal') },
      { goalId: 'g2', lifeArea: 'finances', text: m('finances', 'goal'), category: 'finances' },
    ],
    steps: [{ stepId: 's1', goalId: 'g1', action: m('plan', 'step'), responsible: 'participant', dueDate: day(5) }],
    participantWords: m('plan', 'participant-words'),
  });
  await post(`${c}/plan/versions/1/agreement`, anna, { form: 'written' });
  await post(`${c}/plan/steps/s1/completion`, anna);
  await post(`${c}/plan/versions`, annaHealth, {
    legalStatus,
    goals: [
      { goalId: 'g1', lifeArea: 'work', text: m('plan', 'goal-v2') },
      { goalId: 'g3', lifeArea: 'health', text: m('addiction', 'goal'), category: 'addiction' },
      { goalId: 'g4', lifeArea: 'health', text: m('health', 'goal'), category: 'health' },
    ],
    steps: [
      { stepId: 's1', goalId: 'g1', action: m('plan', 'step-v2'), responsible: 'participant', dueDate: day(6) },
      {
        stepId: 's3',
        goalId: 'g3',
        action: m('addiction', 'step'),
        category: 'addiction',
        responsible: 'participant',
        dueDate: day(10),
      },
    ],
    participantWords: m('addiction', 'participant-words'),
    participantWordsCategory: 'addiction',
  });
  await post(`${c}/plan/dispute`, anna, { version: 2, reason: m('plan', 'dispute-reason') });
  await post(`${c}/plan/mediation`, anna);
  await post(`${c}/plan/mediation/conclusion`, anna, { outcome: 'no_agreement' });

  // Conferences: one of the case's own texts, one about the addiction, each inviting the services.
  const conference = async (headers: Record<string, string>, topic: object, decisions: object): Promise<string> => {
    const id = (
      await post(`${c}/conferences`, headers, {
        ...topic,
        invitedAgencyIds: ['jugendamt-mitte', 'suchtberatung-nord', 'vhs-mitte'],
        plannedFor: at(5),
      })
    ).id as string;
    await post(`${c}/conferences/${id}/agreement`, headers, { agreed: true, form: 'written' });
    await post(`${c}/conferences/${id}/minutes`, headers, {
      heldAt: at(1),
      attendees: [
        { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
        { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'] },
      ],
      sharedCategories: ['plan', 'progress'],
      ...decisions,
    });
    return id;
  };
  const conferenceIds = [
    await conference(
      annaCoordination,
      { topic: m('case_admin', 'conference-topic') },
      { decisions: [m('case_admin', 'conference-decision')] },
    ),
    await conference(
      annaHealth,
      { topic: m('addiction', 'conference-topic'), topicCategory: 'addiction' },
      {
        decisions: [m('case_admin', 'second-conference-decision'), m('addiction', 'conference-decision')],
        decisionCategories: ['case_admin', 'addiction'],
      },
    ),
  ];

  await post(`${c}/progress-assessments`, anna, {
    perspective: 'coach',
    ratings: { work_readiness: 2, daily_structure: 3 },
    assessedAt: at(10),
  });

  // The lifecycle: aftercare, closure, reopening (with its reason).
  await post(`${c}/aftercare`, anna, { followUps: [day(20)] });
  await post(`${c}/closure`, anna, { exitReason: 'other' });
  await post(`${c}/reopening`, anna, { reason: m('case_admin', 'reopening-reason') });
  clock.now = realNow;

  return {
    caseId,
    markers,
    referralIds,
    conferenceIds,
    consentIds,
    contactIds,
    withdrawAll: async () => {
      for (const consentId of consentIds) await post(`${c}/consents/${consentId}/withdrawal`, anna);
    },
  };
};
