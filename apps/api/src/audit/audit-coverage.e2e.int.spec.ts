import { randomUUID } from 'node:crypto';
import { type AuditEntry } from '@fallverbund/audit-log';
import { CaseRepository } from '@fallverbund/cases-application';
import { participantStreamId } from '@fallverbund/participant';
import { type Response } from 'supertest';
import { readPolicyTable } from '../access/policy-table';
import { RETENTION_RUN_ROUTE, schedulerActor } from '../retention/retention-scheduler.service';
import { type TestApp, participant, startTestApp } from '../testing/test-app';

/**
 * Walks every route of the API and checks the audit entries it writes against the "audit entry"
 * column of docs/access-policy.md: a permitted call and a refused call each leave an entry with the
 * action the table names; routes marked "none" leave none. A route without a row or a call fails.
 */
const table = readPolicyTable();

describe('audit coverage of every route', () => {
  let t: TestApp;
  let caseId: string;
  let consentId: string;
  let contactId: string;
  let lifecycleCaseId: string;
  let referralCaseId: string;
  const referralIds: Record<'loop' | 'declined' | 'cancelled', string> = { loop: '', declined: '', cancelled: '' };
  let planCaseId: string;
  let conferenceCaseId: string;
  let conferenceId: string;
  let youthCaseId: string;
  let restrictionCaseId: string;
  let retentionCaseId: string;
  let erasureStaffCaseId: string;
  let erasureCaseId: string;
  let erasureRequestId: string;
  const planVersion = (goal: string) => ({
    legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
    goals: [{ goalId: 'g1', lifeArea: 'work', text: goal }],
    steps: [
      {
        stepId: 's1',
        goalId: 'g1',
        action: 'Lebenslauf überarbeiten',
        responsible: 'participant',
        dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      },
    ],
  });
  const as = (userId: string, purpose: string) => t.as(userId, purpose);

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const anna = await as('anna.coach', 'integration');
    caseId = await t.openCase(anna);
    restrictionCaseId = await t.openCase(anna);
    retentionCaseId = await t.openCase(anna);
    {
      // The retention scheduler's offer to the archive, which the DPO's answer needs.
      const cases = t.app.get(CaseRepository);
      const { state } = await cases.load(retentionCaseId);
      if (state.status !== 'open') throw new Error('the retention case is not open');
      const actor = schedulerActor(state);
      const now = new Date();
      await cases.handle(
        retentionCaseId,
        {
          type: 'OfferRecordsToArchive',
          data: {
            caseId: retentionCaseId,
            retentionClass: 'sgb2-file',
            answerDueAt: new Date(now.getTime() + 86_400_000),
          },
          metadata: { actor, purpose: 'audit', now },
        },
        { actor, purpose: 'audit', requestId: randomUUID(), correlationId: null, now },
        { audit: { action: 'offer_to_archive', route: RETENTION_RUN_ROUTE, category: 'case_admin' } },
      );
    }
    erasureStaffCaseId = await t.openCase(anna);
    erasureCaseId = await t.openCase(anna);
    erasureRequestId = (
      (await t.http.post(`/api/cases/${erasureCaseId}/erasure-requests`).set(anna).send({ scope: 'case' }).expect(201))
        .body as { requestId: string }
    ).requestId;
    consentId = (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({
            purposes: ['coordination'],
            dataCategories: ['identity'],
            recipientAgencyIds: ['drv-nord'],
            form: 'written',
            grantedBy: 'participant',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    contactId = (
      (
        await t.http
          .post(`/api/cases/${caseId}/contacts`)
          .set(anna)
          .send({ kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 30 })
          .expect(201)
      ).body as { id: string }
    ).id;
    lifecycleCaseId = await t.openCase(anna);
    referralCaseId = await t.openCase(anna);
    await t.http
      .post(`/api/cases/${referralCaseId}/consents`)
      .set(anna)
      .send({
        purposes: ['health_promotion'],
        dataCategories: ['identity'],
        recipientAgencyIds: ['suchtberatung-nord'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    // A referral is made for the purpose declared with it.
    const annaReferring = await as('anna.coach', 'health_promotion');
    for (const key of ['loop', 'declined', 'cancelled'] as const) {
      const sent = await t.http
        .post(`/api/cases/${referralCaseId}/referrals`)
        .set(annaReferring)
        .send({
          partnerAgencyId: 'suchtberatung-nord',
          purpose: 'health_promotion',
          sharedCategories: ['identity'],
          reason: 'Beratung zum Alkoholkonsum',
        })
        .expect(201);
      referralIds[key] = (sent.body as { id: string }).id;
    }
    youthCaseId = await t.openCase(await as('clara.youth', 'youth_support'));
    planCaseId = await t.openCase(anna);
    await t.http
      .post(`/api/cases/${planCaseId}/plan/versions`)
      .set(anna)
      .send(planVersion('Arbeit finden'))
      .expect(201);
    conferenceCaseId = await t.openCase(anna);
    conferenceId = (
      (
        await t.http
          .post(`/api/cases/${conferenceCaseId}/conferences`)
          .set(anna)
          .send({
            topic: 'Anbindung an die Suchtberatung',
            invitedAgencyIds: ['suchtberatung-nord'],
            plannedFor: new Date(Date.now() + 86_400_000).toISOString(),
          })
          .expect(201)
      ).body as { id: string }
    ).id;
  });
  afterAll(() => t.close());

  // The participant's view: Lena's account bound to the case as a redemption binds it, one question asked.
  let lena: Record<string, string>;
  let accessIndex: number;
  let questionId: string;
  beforeAll(async () => {
    await t.persistence.rawEvents.appendToStream(
      participantStreamId('lena.teilnehmerin'),
      [
        {
          eventId: randomUUID(),
          type: 'ParticipantBoundToCase',
          schemaVersion: 1,
          data: { userId: 'lena.teilnehmerin', caseId, invitationId: randomUUID(), boundAt: new Date().toISOString() },
          metadata: {
            occurredAt: new Date().toISOString(),
            actor: { userId: 'lena.teilnehmerin', agencyId: '(participant)', role: 'participant' },
            purpose: 'data_subject_access',
            correlationId: randomUUID(),
            causationId: null,
          } as never,
        },
      ],
      'any',
    );
    lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
    const [opened] = await t.persistence.audit.search({ caseRef: caseId, action: 'open_case' }, { limit: 1 });
    accessIndex = opened?.index ?? -1;
    questionId = (
      (
        await t.http
          .post(`/api/me/cases/${caseId}/questions`)
          .set(lena)
          .send({ accessIndex, text: 'Wer hat meinen Fall angelegt?' })
          .expect(201)
      ).body as { id: string }
    ).id;
  });

  // Her own routes: a code issued for the case, and a consent she gave that only her withdrawal call uses.
  let lenaCode: string;
  let lenaConsentId: string;
  beforeAll(async () => {
    const anna = await as('anna.coach', 'integration');
    lenaCode = (
      (await t.http.post(`/api/cases/${caseId}/participant-invitations`).set(anna).expect(201)).body as {
        code: string;
      }
    ).code;
    lenaConsentId = (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({
            purposes: ['coordination'],
            dataCategories: ['identity'],
            recipientAgencyIds: ['drv-nord'],
            form: 'written',
            grantedBy: 'participant',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
  });

  type Call = (permitted: boolean) => Promise<Response>;
  const calls: Record<string, Call> = {
    'POST /api/cases': async (ok) =>
      t.http
        .post('/api/cases')
        .set(await as(ok ? 'anna.coach' : 'emil.counsel', 'integration'))
        .send({ participant }),
    'GET /api/cases': async () => t.http.get('/api/cases').set(await as('anna.coach', 'integration')),
    'GET /api/cases/{id}': async (ok) =>
      t.http.get(`/api/cases/${caseId}`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'GET /api/cases/{id}/timeline': async (ok) =>
      t.http.get(`/api/cases/${caseId}/timeline`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'GET /api/cases/{id}/consents': async (ok) =>
      t.http.get(`/api/cases/${caseId}/consents`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/team-members': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/team-members`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ userId: ok ? `ben.lead` : 'emil.counsel' }),
    'POST /api/cases/{id}/consents': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/consents`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({
          purposes: ['coordination'],
          dataCategories: ['plan'],
          recipientAgencyIds: ['drv-nord'],
          form: 'written',
          grantedBy: 'participant',
        }),
    'POST /api/cases/{id}/consents/{consentId}/withdrawal': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/health-notes': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/health-notes`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'health_promotion'))
        .send({ text: 'Termin vereinbart' }),
    // Refused: the jobcenter's coach, for whom the youth office's case does not exist.
    'POST /api/cases/{id}/entrusted-notes': async (ok) =>
      t.http
        .post(`/api/cases/${youthCaseId}/entrusted-notes`)
        .set(await as(ok ? 'clara.youth' : 'anna.coach', 'youth_support'))
        .send({ text: 'Streit zu Hause', entrustedBy: 'participant' }),
    'GET /api/cases/{id}/contacts': async (ok) =>
      t.http.get(`/api/cases/${caseId}/contacts`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/contacts': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ kind: 'phone', occurredAt: new Date().toISOString(), durationMinutes: 15 }),
    'POST /api/cases/{id}/contacts/{contactId}/corrections': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/contacts/${contactId}/corrections`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ durationMinutes: 20, reason: 'Dauer falsch erfasst' }),
    // In the order of the table: aftercare, closure, reopening of the same case.
    'POST /api/cases/{id}/aftercare': async (ok) =>
      t.http
        .post(`/api/cases/${lifecycleCaseId}/aftercare`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ followUps: [new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)] }),
    'POST /api/cases/{id}/closure': async (ok) =>
      t.http
        .post(`/api/cases/${lifecycleCaseId}/closure`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ exitReason: 'goal_reached' }),
    'POST /api/cases/{id}/reopening': async (ok) =>
      t.http
        .post(`/api/cases/${lifecycleCaseId}/reopening`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ reason: 'neuer Unterstützungsbedarf' }),
    'POST /api/cases/{id}/progress-assessments': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/progress-assessments`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ perspective: 'self', ratings: { daily_structure: 4 }, assessedAt: new Date().toISOString() }),
    'GET /api/cases/{id}/progress': async (ok) =>
      t.http.get(`/api/cases/${caseId}/progress`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    // In the order of the table: version 2 of the plan, reads, agreement, a step done, dispute, mediation.
    'POST /api/cases/{id}/plan/versions': async (ok) =>
      t.http
        .post(`/api/cases/${planCaseId}/plan/versions`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send(planVersion('Teilzeitstelle finden')),
    'GET /api/cases/{id}/plan': async (ok) =>
      t.http.get(`/api/cases/${planCaseId}/plan`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'GET /api/cases/{id}/plan/versions/{version}': async (ok) =>
      t.http
        .get(`/api/cases/${planCaseId}/plan/versions/1`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'GET /api/cases/{id}/plan/diff': async (ok) =>
      t.http
        .get(`/api/cases/${planCaseId}/plan/diff?from=1&to=2`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/plan/versions/{version}/agreement': async (ok) =>
      t.http
        .post(`/api/cases/${planCaseId}/plan/versions/2/agreement`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ form: 'written' }),
    'POST /api/cases/{id}/plan/steps/{stepId}/completion': async (ok) =>
      t.http
        .post(`/api/cases/${planCaseId}/plan/steps/s1/completion`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/plan/dispute': async (ok) =>
      t.http
        .post(`/api/cases/${planCaseId}/plan/dispute`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ version: 2, reason: 'Zu wenig Zeit für die Kinder' }),
    'POST /api/cases/{id}/plan/mediation': async (ok) =>
      t.http
        .post(`/api/cases/${planCaseId}/plan/mediation`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/plan/mediation/conclusion': async (ok) =>
      t.http
        .post(`/api/cases/${planCaseId}/plan/mediation/conclusion`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ outcome: 'agreement_reached' }),
    'POST /api/cases/{id}/conferences': async (ok) =>
      t.http
        .post(`/api/cases/${conferenceCaseId}/conferences`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({
          topic: 'Wohnsituation',
          invitedAgencyIds: ['jugendamt-mitte'],
          plannedFor: new Date(Date.now() + 86_400_000).toISOString(),
        }),
    'GET /api/cases/{id}/conferences': async (ok) =>
      t.http
        .get(`/api/cases/${conferenceCaseId}/conferences`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'POST /api/cases/{id}/conferences/{conferenceId}/agreement': async (ok) =>
      t.http
        .post(`/api/cases/${conferenceCaseId}/conferences/${conferenceId}/agreement`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ agreed: true, form: 'written' }),
    'POST /api/cases/{id}/conferences/{conferenceId}/minutes': async (ok) =>
      t.http
        .post(`/api/cases/${conferenceCaseId}/conferences/${conferenceId}/minutes`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({
          heldAt: new Date().toISOString(),
          attendees: [
            { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
            { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'] },
          ],
          sharedCategories: ['case_admin'],
          decisions: ['Erstgespräch in der Suchtberatung'],
        }),
    // Refused: clara's agency was not invited.
    'GET /api/conferences/{conferenceId}': async (ok) =>
      t.http
        .get(`/api/conferences/${conferenceId}`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'case_conference')),
    // In the order of the table: the partner (emil) moves one referral through the loop, declines another;
    // the referring side (anna) cancels a third. Refused: clara, for whom the case does not exist.
    'POST /api/cases/{id}/referrals': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'health_promotion'))
        .send({
          partnerAgencyId: 'suchtberatung-nord',
          purpose: 'health_promotion',
          sharedCategories: ['identity'],
          reason: 'Beratung zum Alkoholkonsum',
        }),
    'GET /api/cases/{id}/referrals': async (ok) =>
      t.http
        .get(`/api/cases/${referralCaseId}/referrals`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'GET /api/cases/{id}/referrals/{referralId}': async (ok) =>
      t.http
        .get(`/api/cases/${referralCaseId}/referrals/${referralIds.loop}`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'health_promotion')),
    'POST /api/cases/{id}/referrals/{referralId}/accept': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals/${referralIds.loop}/accept`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'health_promotion')),
    'POST /api/cases/{id}/referrals/{referralId}/decline': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals/${referralIds.declined}/decline`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'health_promotion'))
        .send({ reason: 'no_capacity' }),
    'POST /api/cases/{id}/referrals/{referralId}/plan-appointment': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals/${referralIds.loop}/plan-appointment`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'health_promotion'))
        .send({ appointmentAt: new Date(Date.now() + 86_400_000).toISOString() }),
    'POST /api/cases/{id}/referrals/{referralId}/first-appointment': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals/${referralIds.loop}/first-appointment`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'health_promotion'))
        .send({ appointmentAt: new Date().toISOString() }),
    'POST /api/cases/{id}/referrals/{referralId}/complete': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals/${referralIds.loop}/complete`)
        .set(await as(ok ? 'emil.counsel' : 'clara.youth', 'health_promotion'))
        .send({ attended: true, goalReached: true }),
    'POST /api/cases/{id}/referrals/{referralId}/cancel': async (ok) =>
      t.http
        .post(`/api/cases/${referralCaseId}/referrals/${referralIds.cancelled}/cancel`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'health_promotion'))
        .send({ reason: 'need_met_elsewhere' }),
    'GET /api/referrals': async () => t.http.get('/api/referrals').set(await as('emil.counsel', 'health_promotion')),
    // Refused: a data protection officer keeps no record of referrals.
    'GET /api/referrals/record': async (ok) =>
      t.http
        .get('/api/referrals/record')
        .set(await (ok ? as('emil.counsel', 'health_promotion') : as('frieda.dpo', 'audit'))),
    // Refused: the invitee's purpose is case_conference.
    'GET /api/conferences/invitations': async (ok) =>
      t.http.get('/api/conferences/invitations').set(await as('emil.counsel', ok ? 'case_conference' : 'coordination')),
    'POST /api/cases/{id}/child-protection-declarations': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/child-protection-declarations`)
        .set(await as(ok ? 'clara.youth' : 'anna.coach', 'child_protection'))
        .send({ justification: 'Meldung der Schule über wiederholte Verletzungen' }),
    'GET /api/child-protection-declarations': async (ok) =>
      t.http.get('/api/child-protection-declarations').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/cases/{id}/access-report': async (ok) =>
      t.http.get(`/api/cases/${caseId}/access-report`).set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    'GET /api/audit/entries': async (ok) =>
      t.http.get('/api/audit/entries?limit=5').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'POST /api/audit/checkpoints': async (ok) =>
      t.http.post('/api/audit/checkpoints').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/checkpoints/latest': async (ok) =>
      t.http.get('/api/audit/checkpoints/latest').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/proofs/inclusion': async (ok) =>
      t.http.get('/api/audit/proofs/inclusion?index=0').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/proofs/consistency': async (ok) =>
      t.http.get('/api/audit/proofs/consistency?from=1').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/verify': async (ok) =>
      t.http.get('/api/audit/verify').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/export': async (ok) =>
      t.http.get('/api/audit/export').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/signals': async (ok) =>
      t.http.get('/api/audit/signals').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/dpo/records-of-processing': async (ok) =>
      t.http.get('/api/dpo/records-of-processing').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'PUT /api/audit/deferrals/{caseId}': async (ok) =>
      t.http
        .put(`/api/audit/deferrals/${caseId}`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit'))
        .send({ releaseAt: null, reason: 'child_protection_8a' }),
    // § 84 SGB X, in this order: restrict, lift, dispute, resolve. Refused: the coach, under audit (404).
    'POST /api/cases/{id}/restriction': async (ok) =>
      t.http
        .post(`/api/cases/${restrictionCaseId}/restriction`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit'))
        .send({ scope: 'case', reason: 'legal_claims' }),
    'POST /api/cases/{id}/restriction/lifting': async (ok) =>
      t.http
        .post(`/api/cases/${restrictionCaseId}/restriction/lifting`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'POST /api/cases/{id}/accuracy-dispute': async (ok) =>
      t.http
        .post(`/api/cases/${restrictionCaseId}/accuracy-dispute`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit'))
        .send({}),
    'POST /api/cases/{id}/accuracy-dispute/resolution': async (ok) =>
      t.http
        .post(`/api/cases/${restrictionCaseId}/accuracy-dispute/resolution`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    // Retention (issue 17): hold, release; the archive's answer to an offer the scheduler made (set up here).
    'GET /api/dpo/retention/due': async (ok) =>
      t.http.get('/api/dpo/retention/due?within=P30D').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'POST /api/cases/{id}/retention-hold': async (ok) =>
      t.http
        .post(`/api/cases/${retentionCaseId}/retention-hold`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit'))
        .send({ reason: 'ongoing_claim' }),
    'POST /api/cases/{id}/retention-hold/release': async (ok) =>
      t.http
        .post(`/api/cases/${retentionCaseId}/retention-hold/release`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'POST /api/cases/{id}/archive-answer': async (ok) =>
      t.http
        .post(`/api/cases/${retentionCaseId}/archive-answer`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit'))
        .send({ answer: 'declined' }),
    // Art. 17 GDPR. Refused: the youth office's caseworker, who does not see the case (404).
    'POST /api/cases/{id}/erasure-requests': async (ok) =>
      t.http
        .post(`/api/cases/${erasureStaffCaseId}/erasure-requests`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration'))
        .send({ scope: ['finances'], ground: 'objection' }),
    // Refused for a retention duty (one entry: a granted request also erases, under its own entries).
    'POST /api/cases/{id}/erasure-requests/{requestId}/decision': async (ok) =>
      t.http
        .post(`/api/cases/${erasureCaseId}/erasure-requests/${erasureRequestId}/decision`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', ok ? 'audit' : 'integration'))
        .send({ decision: 'refused_retention_duty', reason: 'retention_duty', retentionClass: 'sgb2-file' }),
    'GET /api/dpo/erasure-requests': async (ok) =>
      t.http.get('/api/dpo/erasure-requests').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/deferrals': async (ok) =>
      t.http.get('/api/audit/deferrals').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'GET /api/audit/questions': async (ok) =>
      t.http.get('/api/audit/questions').set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit')),
    'POST /api/audit/questions/{questionId}/answer': async (ok) =>
      t.http
        .post(`/api/audit/questions/${questionId}/answer`)
        .set(await as(ok ? 'frieda.dpo' : 'anna.coach', 'audit'))
        .send({ text: 'Die fallführende Stelle, auf Grund ihrer gesetzlichen Aufgabe.' }),
    'POST /api/cases/{id}/participant-invitations': async (ok) =>
      t.http
        .post(`/api/cases/${caseId}/participant-invitations`)
        .set(await as(ok ? 'anna.coach' : 'clara.youth', 'integration')),
    // Refused: a code nobody issued.
    'POST /api/me/invitations/redemption': async (ok) =>
      t.http
        .post('/api/me/invitations/redemption')
        .set(lena)
        .send({ code: ok ? lenaCode : 'ABCD-EFGH-JKMN' }),
    'GET /api/me/cases': async () => t.http.get('/api/me/cases').set(lena),
    'GET /api/me/cases/{id}/consents': async (ok) =>
      t.http.get(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/consents`).set(lena),
    'GET /api/me/cases/{id}/copy': async (ok) =>
      t.http.get(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/copy`).set(lena),
    // Permitted: a consent she gave, kept for this call; refused: a case her account is not bound to.
    'POST /api/me/cases/{id}/consents/{consentId}/withdrawal': async (ok) =>
      t.http.post(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/consents/${lenaConsentId}/withdrawal`).set(lena),
    // Refused: a case Lena's account is not bound to.
    'GET /api/me/cases/{id}/accesses': async (ok) =>
      t.http.get(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/accesses`).set(lena),
    'POST /api/me/cases/{id}/questions': async (ok) =>
      t.http
        .post(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/questions`)
        .set(lena)
        .send({ accessIndex, text: 'Und warum?' }),
    'GET /api/me/cases/{id}/questions': async (ok) =>
      t.http.get(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/questions`).set(lena),
    // Refused: a case Lena's account is not bound to.
    'POST /api/me/cases/{id}/erasure-requests': async (ok) =>
      t.http
        .post(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/erasure-requests`)
        .set(lena)
        .send({ scope: ['contacts'] }),
    'GET /api/me/cases/{id}/erasure-requests': async (ok) =>
      t.http.get(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/erasure-requests`).set(lena),
    'GET /api/partners': async () =>
      t.http.get('/api/partners?service=addiction_counselling').set(await as('emil.counsel', 'coordination')),
    'GET /api/partners/{agencyId}': async () =>
      t.http.get('/api/partners/suchtberatung-nord').set(await as('frieda.dpo', 'audit')),
    'GET /api/team/signals': async (ok) =>
      t.http.get('/api/team/signals').set(await as(ok ? 'ben.lead' : 'anna.coach', 'coordination')),
    'POST /api/dev/token': () => t.http.post('/api/dev/token').send({ userId: 'anna.coach' }),
    'GET /api/session/config': () => t.http.get('/api/session/config'),
    'GET /api/audit/checkpoint-key': () => t.http.get('/api/audit/checkpoint-key'),
    // Refused: a case Lena's account is not bound to.
    'GET /api/me/cases/{id}/accesses/{index}/proof': async (ok) =>
      t.http.get(`/api/me/cases/${ok ? caseId : lifecycleCaseId}/accesses/${accessIndex}/proof`).set(lena),
    'GET /api/session': async () => t.http.get('/api/session').set(await as('clara.youth', 'youth_support')),
    'GET /api/evaluation/figures': async (ok) =>
      t.http.get('/api/evaluation/figures').set(await as(ok ? 'ben.lead' : 'emil.counsel', 'evaluation')),
    'GET /api/docs': () => t.http.get('/api/docs'),
    'GET /api/docs-json': () => t.http.get('/api/docs-json'),
    'GET /api/health/live': () => t.http.get('/api/health/live'),
    'GET /api/health/ready': () => t.http.get('/api/health/ready'),
    'GET /api/metrics': () => t.http.get('/api/metrics'),
  };

  const entriesOf = async (call: () => Promise<Response>): Promise<{ response: Response; entries: AuditEntry[] }> => {
    const before = await t.persistence.audit.size();
    const response = await call();
    const records = await t.persistence.audit.read(before, 1000);
    return { response, entries: records.flatMap((r) => (r.entry ? [r.entry] : [])) };
  };

  it('has a row with an audit column and a call for every served route', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const rows = table.routes.map((r) => `${r.method} ${r.route}`);
    expect(served.filter((route) => !rows.includes(route))).toEqual([]);
    expect(rows.filter((row) => !calls[row])).toEqual([]);
    expect(table.routes.filter((r) => r.audit === '').map((r) => r.route)).toEqual([]);
  });

  it.each(table.routes.map((r) => [`${r.method} ${r.route}`, r.audit] as const))(
    '%s writes %s',
    async (route, audit) => {
      const call = calls[route] as Call;
      const action = audit.split(':')[0] ?? '';
      const permitted = await entriesOf(() => call(true));
      expect(permitted.response.status).toBeLessThan(400);
      if (action === 'none') {
        expect(permitted.entries).toEqual([]);
        return;
      }
      expect(permitted.entries.length).toBeGreaterThan(0);
      for (const entry of permitted.entries) {
        expect(entry).toMatchObject({
          action,
          decision: 'permit',
          outcome: permitted.response.status,
          requestId: permitted.response.headers['x-request-id'] as string,
        });
      }
      if (audit.includes('deny')) {
        const refused = await entriesOf(() => call(false));
        expect(refused.response.status).toBeGreaterThanOrEqual(403);
        expect(refused.entries).toMatchObject([{ action, decision: 'deny', outcome: refused.response.status }]);
      }
    },
  );

  // Refusals before any access decision, on every route about a case: no token (401), no purpose (400).
  const caseRoutes = table.routes.filter((r) => /^\/api\/(cases|conferences|referrals)(\/|$)/.test(r.route));
  const pathOf = (route: string, id: string): string =>
    route
      .replace('{id}', id)
      .replace('{consentId}', consentId)
      .replace('{contactId}', contactId)
      .replace('{referralId}', referralIds.loop)
      .replace('{conferenceId}', conferenceId)
      .replace('{version}', '1')
      .replace('{stepId}', 's1')
      .replace('{requestId}', erasureRequestId);
  const send = (method: string, path: string) =>
    method === 'GET' ? t.http.get(path) : t.http.post(path).set('content-type', 'application/json').send('{}');

  it.each(caseRoutes.map((r) => [`${r.method} ${r.route}`, r] as const))(
    '%s records a refusal without a token (401) and without a purpose (400)',
    async (name, { method, route }) => {
      const hasCase = route.includes('{id}');
      // An upper-case case id is filed under its canonical spelling.
      const path = pathOf(route, caseId.toUpperCase());
      /** The one entry a refusal before any decision leaves: no categories, no content. */
      const refusal = (response: Response, who: Partial<AuditEntry>): unknown =>
        expect.objectContaining({
          action: 'request',
          route: name,
          caseRef: hasCase ? caseId : null,
          purpose: '(none)',
          decision: 'deny',
          categories: [],
          requestId: response.headers['x-request-id'] as string,
          ...who,
        });
      const anonymous = await entriesOf(() => send(method, path).set('X-Correlation-Id', caseId));
      expect(anonymous.response.status).toBe(401);
      expect(anonymous.entries).toEqual([
        refusal(anonymous.response, {
          actor: { userId: '(anonymous)', role: '(anonymous)', agencyId: '(anonymous)' },
          outcome: 401,
          // The client's correlation id is kept as given, never the key.
          correlationId: caseId,
        }),
      ]);
      expect(anonymous.response.headers['x-request-id']).not.toBe(caseId);

      const { authorization } = await as('anna.coach', 'integration');
      const noPurpose = await entriesOf(() => send(method, path).set('authorization', authorization ?? ''));
      expect([noPurpose.response.status, (noPurpose.response.body as { code: string }).code]).toEqual([
        400,
        'REQUEST.PURPOSE_MISSING',
      ]);
      expect(noPurpose.entries).toEqual([
        refusal(noPurpose.response, {
          actor: { userId: 'anna.coach', role: 'caseworker', agencyId: 'jobcenter-mitte' },
          outcome: 400,
          correlationId: null,
        }),
      ]);
    },
  );

  it('records a refused body, a malformed one and a refusal a handler recorded exactly once', async () => {
    const anna = await as('anna.coach', 'integration');
    const invalid = await entriesOf(() =>
      t.http.post(`/api/cases/${caseId}/contacts`).set(anna).send({ kind: 'telepathy', durationMinutes: -1 }),
    );
    expect([invalid.response.status, (invalid.response.body as { code: string }).code]).toEqual([
      400,
      'REQUEST.VALIDATION',
    ]);
    expect(invalid.entries).toMatchObject([
      { route: 'POST /api/cases/{id}/contacts', caseRef: caseId, purpose: 'integration', outcome: 400 },
    ]);
    const malformed = await entriesOf(() =>
      t.http.post(`/api/cases/${caseId}/contacts`).set(anna).set('content-type', 'application/json').send('{"kind":'),
    );
    expect([malformed.response.status, (malformed.response.body as { code: string }).code]).toEqual([
      400,
      'REQUEST.MALFORMED_JSON',
    ]);
    expect(malformed.entries).toMatchObject([
      { route: 'POST /api/cases/{id}/contacts', caseRef: caseId, decision: 'deny', outcome: 400 },
    ]);
    const undecodable = await entriesOf(() => t.http.get('/api/cases/%ED%A0%80/timeline').set(anna));
    expect(undecodable.response.status).toBe(400);
    expect(undecodable.entries).toMatchObject([
      { route: 'GET /api/cases/{id}/timeline', caseRef: null, decision: 'deny', outcome: 400 },
    ]);
    const denied = await entriesOf(async () =>
      t.http.get(`/api/cases/${caseId}`).set(await as('clara.youth', 'integration')),
    );
    expect(denied.response.status).toBe(404);
    expect(denied.entries).toMatchObject([{ action: 'read', decision: 'deny', outcome: 404 }]);
    // Routes about no case are left to their own rules: an unknown route, the partner directory.
    const unrouted = await entriesOf(() => t.http.get(`/api/cases/${caseId}/nowhere`).set(anna));
    expect([unrouted.response.status, unrouted.entries]).toEqual([404, []]);
  });
});
