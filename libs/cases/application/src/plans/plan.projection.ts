import { type PlanEvent } from '@fallverbund/cases-domain';
import { envelopeOf, type RecordedEvent } from '@fallverbund/event-store';
import { type EntityManager, In } from 'typeorm';
import { bulkWrite } from '../projections/bulk-write';
import { categoryErasuresIn, type CategoryErasure, type Projection } from '../projections/projection';
import { PlanDisputeRow, PlanRow, PlanStepRow, PlanVersionRow } from './plan-read-model.entities';
import { findIn } from '../projections/find-in';

const PLAN_EVENTS: ReadonlySet<string> = new Set<PlanEvent['type']>([
  'PlanVersionDrafted',
  'PlanVersionAgreed',
  'PlanDisputed',
  'MediationRequested',
  'MediationConcluded',
  'PlanStepCompleted',
]);

const caseIdOf = (e: RecordedEvent): string => e.streamId.slice('case-'.length);

const purgePlans = async (participantIds: readonly string[], manager: EntityManager): Promise<void> => {
  const ids = In([...participantIds]);
  await manager.update(PlanVersionRow, { participantId: ids }, { contentSealed: null });
  await manager.update(PlanDisputeRow, { participantId: ids }, { reasonSealed: null });
};

/** A dispute's reason is `plan` (issue 17); a version's content mixes categories and stays sealed. */
const purgePlanCategories = async (erasures: readonly CategoryErasure[], manager: EntityManager) => {
  const ids = erasures.flatMap((e) => (e.categories.includes('plan') ? [e.participantId] : []));
  if (ids.length > 0) await manager.update(PlanDisputeRow, { participantId: In(ids) }, { reasonSealed: null });
};

/**
 * The cooperation plan: one row per case (status, versions), one per version (sealed content, the
 * agreement), the latest version's steps (due date, completion) and the disputes with their mediation.
 * An event at or below the case row's stream version was applied already and is skipped, so a page
 * applied twice changes nothing; a rebuild from zero writes the same rows. Sealed fields go in sealed.
 */
export const planProjection: Projection = {
  name: 'plans',
  tables: [PlanRow, PlanVersionRow, PlanStepRow, PlanDisputeRow],
  purge: purgePlans,
  purgeCategories: (erasures, manager) => purgePlanCategories(erasures, manager),
  async apply(page, manager) {
    const caseEvents = page.filter((e) => e.streamId.startsWith('case-'));
    const erased = caseEvents.flatMap((e) =>
      e.type === 'ParticipantDataErased' ? [(e.data as { participantId: string }).participantId] : [],
    );
    const events = caseEvents.filter((e) => PLAN_EVENTS.has(e.type)) as RecordedEvent<PlanEvent['data']>[];
    if (events.length > 0) await applyPlanEvents(events, manager);
    if (erased.length > 0) await purgePlans(erased, manager);
    await purgePlanCategories(categoryErasuresIn(caseEvents), manager);
  },
};

const applyPlanEvents = async (events: readonly RecordedEvent<PlanEvent['data']>[], manager: EntityManager) => {
  const caseIds = [...new Set(events.map(caseIdOf))];
  const plans = new Map((await findIn(manager, PlanRow, 'caseId', caseIds)).map((row) => [row.caseId, row]));
  const withSteps = [
    ...new Set(events.filter((e) => e.type === 'PlanVersionDrafted' || e.type === 'PlanStepCompleted').map(caseIdOf)),
  ];
  const steps = new Map<string, Map<string, PlanStepRow>>();
  for (const row of await findIn(manager, PlanStepRow, 'caseId', withSteps)) {
    const own = steps.get(row.caseId) ?? new Map<string, PlanStepRow>();
    steps.set(row.caseId, own.set(row.stepId, row));
  }
  const agreedIn = [...new Set(events.filter((e) => e.type === 'PlanVersionAgreed').map(caseIdOf))];
  const versions = new Map(
    (await findIn(manager, PlanVersionRow, 'caseId', agreedIn)).map((row) => [`${row.caseId}:${row.version}`, row]),
  );
  const mediatedIn = [
    ...new Set(events.filter((e) => e.type === 'MediationRequested' || e.type === 'MediationConcluded').map(caseIdOf)),
  ];
  // A mediation belongs to the latest dispute of its case.
  const latestDispute = new Map<string, PlanDisputeRow>();
  for (const row of await findIn(manager, PlanDisputeRow, 'caseId', mediatedIn)) {
    const known = latestDispute.get(row.caseId);
    if (!known || known.streamVersion < row.streamVersion) latestDispute.set(row.caseId, row);
  }
  const changedVersions = new Set<string>();
  const changedDisputes = new Set<PlanDisputeRow>();
  const changedPlans = new Set<string>();

  for (const recorded of events) {
    const caseId = caseIdOf(recorded);
    const plan = plans.get(caseId);
    if (plan && recorded.version <= plan.streamVersion) continue;
    const event = { type: recorded.type, data: recorded.data } as PlanEvent;
    const at = recorded.metadata.occurredAt;
    switch (event.type) {
      case 'PlanVersionDrafted': {
        const { participantId, version, legalStatus, schedule, textCategories, draftedBy, draftedAt } = event.data;
        plans.set(caseId, {
          caseId,
          participantId,
          status: 'draft',
          latestVersion: version,
          agreedVersion: plan?.agreedVersion ?? null,
          updatedAt: at,
          streamVersion: recorded.version,
        });
        versions.set(`${caseId}:${version}`, {
          caseId,
          version,
          participantId,
          legalStatus,
          contentSealed: envelopeOf(recorded.data) ?? null,
          // Upcast on read (planTextCategories): the goal ids of an old version are sealed with its texts.
          textCategories: textCategories ?? null,
          schedule,
          draftedBy,
          draftedAt,
          agreedAt: null,
          agreedBy: null,
          agreementForm: null,
        });
        changedVersions.add(`${caseId}:${version}`);
        // A step carried into the new version under the same id stays done, as in the domain.
        const before = steps.get(caseId) ?? new Map<string, PlanStepRow>();
        const after = new Map<string, PlanStepRow>();
        for (const { stepId, dueDate } of schedule) {
          const done = before.get(stepId);
          after.set(stepId, {
            caseId,
            stepId,
            planVersion: version,
            dueDate,
            completedAt: done?.completedAt ?? null,
            completedBy: done?.completedBy ?? null,
          });
        }
        steps.set(caseId, after);
        break;
      }
      case 'PlanVersionAgreed': {
        const { version, form, recordedBy, agreedAt } = event.data;
        if (plan) Object.assign(plan, { status: 'agreed', agreedVersion: version });
        const row = versions.get(`${caseId}:${version}`);
        if (row) {
          Object.assign(row, { agreedAt, agreedBy: recordedBy, agreementForm: form });
          changedVersions.add(`${caseId}:${version}`);
        }
        break;
      }
      case 'PlanDisputed': {
        const { participantId, version, recordedBy, disputedAt } = event.data;
        if (plan) plan.status = 'disputed';
        const row: PlanDisputeRow = {
          caseId,
          streamVersion: recorded.version,
          participantId,
          planVersion: version,
          reasonSealed: envelopeOf(recorded.data) ?? null,
          disputedBy: recordedBy,
          disputedAt,
          mediationRequestedAt: null,
          mediationRequestedBy: null,
          mediationOutcome: null,
          mediationConcludedAt: null,
          mediationConcludedBy: null,
        };
        latestDispute.set(caseId, row);
        changedDisputes.add(row);
        break;
      }
      case 'MediationRequested': {
        if (plan) plan.status = 'mediation_requested';
        const row = latestDispute.get(caseId);
        if (row) {
          Object.assign(row, {
            mediationRequestedAt: event.data.requestedAt,
            mediationRequestedBy: event.data.requestedBy,
          });
          changedDisputes.add(row);
        }
        break;
      }
      case 'MediationConcluded': {
        if (plan) plan.status = 'mediation_concluded';
        const row = latestDispute.get(caseId);
        if (row) {
          const { outcome, concludedAt, concludedBy } = event.data;
          Object.assign(row, {
            mediationOutcome: outcome,
            mediationConcludedAt: concludedAt,
            mediationConcludedBy: concludedBy,
          });
          changedDisputes.add(row);
        }
        break;
      }
      case 'PlanStepCompleted': {
        const step = steps.get(caseId)?.get(event.data.stepId);
        if (step) Object.assign(step, { completedAt: event.data.completedAt, completedBy: event.data.completedBy });
        break;
      }
    }
    const current = plans.get(caseId);
    if (current) Object.assign(current, { streamVersion: recorded.version, updatedAt: at });
    changedPlans.add(caseId);
  }

  await bulkWrite(
    manager,
    PlanRow,
    [...changedPlans].flatMap((id) => plans.get(id) ?? []),
    'update',
  );
  await bulkWrite(
    manager,
    PlanVersionRow,
    [...changedVersions].flatMap((key) => versions.get(key) ?? []),
    'update',
  );
  // The steps of a case are its latest version's: replaced as a whole.
  const stepCases = [...changedPlans].filter((id) => steps.has(id));
  for (let i = 0; i < stepCases.length; i += 500)
    await manager.delete(PlanStepRow, { caseId: In(stepCases.slice(i, i + 500)) });
  await bulkWrite(
    manager,
    PlanStepRow,
    stepCases.flatMap((id) => [...(steps.get(id)?.values() ?? [])]),
    'update',
  );
  await bulkWrite(manager, PlanDisputeRow, [...changedDisputes], 'update');
};
