import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { caseDecider } from './case.decide';
import {
  type EntrustedNoteRecorded,
  InvalidEntrustedNoteError,
  NotAnEntrustedCaseworkerError,
  type RecordEntrustedNote,
} from './case.entrusted-notes';
import { CaseClosedError, CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import { evolveCase } from './case.evolve';
import { anna, caseId, caseOpened, closed, demoActor, erased, now, participantId } from './testing/case-fixtures';

const clara = demoActor('clara.youth', 'caseworker', 'jugendamt-mitte', 'youth_office');
const context = (actor: Actor = clara): CommandContext => ({ now, actor, purpose: 'youth_support' });

const record = (overrides: Partial<RecordEntrustedNote['data']> = {}, actor?: Actor): RecordEntrustedNote => ({
  type: 'RecordEntrustedNote',
  data: {
    caseId,
    noteId: 'n1',
    text: '  Angst vor dem Vater, möchte nicht nach Hause  ',
    entrustedBy: 'participant',
    ...overrides,
  },
  metadata: context(actor),
});
const recorded = (overrides: Partial<EntrustedNoteRecorded['data']> = {}): EntrustedNoteRecorded => ({
  type: 'EntrustedNoteRecorded',
  data: {
    caseId,
    noteId: 'n1',
    participantId,
    text: 'Angst vor dem Vater, möchte nicht nach Hause',
    entrustedBy: 'participant',
    authorUserId: 'clara.youth',
    authorAgencyId: 'jugendamt-mitte',
    recordedAt: now.toISOString(),
    ...overrides,
  },
});

const spec = deciderSpec(caseDecider);

describe('entrusted notes (§ 65 SGB VIII)', () => {
  it('records what was entrusted to a youth-office caseworker, trimmed, with who entrusted it', () =>
    spec.given([caseOpened]).when(record()).then([recorded()]));

  it.each(['legal_guardian', 'other_person'] as const)('records a note entrusted by the %s', (entrustedBy) =>
    spec
      .given([caseOpened])
      .when(record({ entrustedBy }))
      .then([recorded({ entrustedBy })]),
  );

  it.each<[string, Actor]>([
    ['a jobcenter caseworker', anna],
    ['a youth-office team lead', demoActor('greta.lead', 'team_lead', 'jugendamt-mitte', 'youth_office')],
    ['a health professional', demoActor('deniz.psych', 'health_professional', 'praxis-yilmaz', 'health_provider')],
    ['partner staff', demoActor('emil.counsel', 'partner_staff', 'suchtberatung-nord', 'network_partner')],
  ])('refuses %s (403)', (_name, actor) =>
    spec
      .given([caseOpened])
      .when(record({}, actor))
      .thenThrows(NotAnEntrustedCaseworkerError, 'ENTRUSTED_NOTE.NOT_YOUTH_OFFICE_CASEWORKER'),
  );

  it.each<[string, Partial<RecordEntrustedNote['data']>]>([
    ['a blank text', { text: '   ' }],
    ['a text over 10,000 characters', { text: 'x'.repeat(10_001) }],
    ['an unknown entrusting person', { entrustedBy: 'neighbour' }],
    ['a name as the entrusting person', { entrustedBy: 'Herr Beispiel' }],
  ])('refuses %s (400)', (_name, overrides) =>
    spec.given([caseOpened]).when(record(overrides)).thenThrows(InvalidEntrustedNoteError, 'ENTRUSTED_NOTE.INVALID'),
  );

  it('refuses a case that does not exist, is closed or whose participant was erased', () => {
    spec.given([]).when(record()).thenThrows(CaseNotFoundError);
    spec.given([caseOpened, closed]).when(record()).thenThrows(CaseClosedError);
    spec.given([caseOpened, erased]).when(record()).thenThrows(ParticipantAlreadyErasedError);
  });

  it('leaves the case state as it was: the note is no fact of the access policy', () => {
    const state = evolveCase(caseDecider.initialState(), caseOpened);
    expect(evolveCase(state, recorded())).toBe(state);
  });
});
