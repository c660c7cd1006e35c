import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { caseDecider } from './case.decide';
import {
  ArchiveOfferStateError,
  CaseHeldError,
  InvalidRetentionCommandError,
  NoRetentionHoldError,
  type RecordsOfferedToArchive,
  RetentionByDpoOnlyError,
  type RetentionCommand,
  RetentionHoldExistsError,
  type RetentionHoldPlaced,
} from './case.retention';
import { anna, caseId, caseOpened, closed, demoActor, now } from './testing/case-fixtures';

const frieda = demoActor('frieda.dpo', 'data_protection_officer', 'jobcenter-mitte', 'jobcenter');
const context = (actor: Actor = frieda): CommandContext => ({ now, actor, purpose: 'audit' });
const later = new Date(now.getTime() + 120 * 86_400_000);

const place = (reason: unknown = 'litigation', actor?: Actor): RetentionCommand => ({
  type: 'PlaceRetentionHold',
  data: { caseId, reason },
  metadata: context(actor),
});
const release = (actor?: Actor): RetentionCommand => ({
  type: 'ReleaseRetentionHold',
  data: { caseId },
  metadata: context(actor),
});
const offer = (actor?: Actor): RetentionCommand => ({
  type: 'OfferRecordsToArchive',
  data: { caseId, retentionClass: 'sgb2-file', answerDueAt: later },
  metadata: context(actor),
});
const answer = (value: unknown = 'declined', actor?: Actor): RetentionCommand => ({
  type: 'RecordArchiveAnswer',
  data: { caseId, answer: value },
  metadata: context(actor),
});

const held: RetentionHoldPlaced = {
  type: 'RetentionHoldPlaced',
  data: { caseId, reason: 'litigation', placedBy: 'frieda.dpo', placedAt: now.toISOString() },
};
const offered: RecordsOfferedToArchive = {
  type: 'RecordsOfferedToArchive',
  data: {
    caseId,
    retentionClass: 'sgb2-file',
    offeredBy: 'frieda.dpo',
    offeredAt: now.toISOString(),
    answerDueAt: later.toISOString(),
  },
};

const spec = deciderSpec(caseDecider);

describe('retention hold and the offer to the archive (issue 17)', () => {
  it('holds a case with a coded reason and releases it; one hold at a time', () => {
    spec.given([caseOpened, closed]).when(place()).then([held]);
    spec
      .given([caseOpened, held])
      .when(place('other'))
      .thenThrows(RetentionHoldExistsError, 'CASE.RETENTION_HOLD_EXISTS');
    spec
      .given([caseOpened, held])
      .when(release())
      .then([
        { type: 'RetentionHoldReleased', data: { caseId, releasedBy: 'frieda.dpo', releasedAt: now.toISOString() } },
      ]);
    spec.given([caseOpened]).when(release()).thenThrows(NoRetentionHoldError, 'CASE.NO_RETENTION_HOLD');
  });

  it('refuses a free-text reason (400) and anyone but the DPO (403)', () => {
    spec
      .given([caseOpened])
      .when(place('Herr X klagt'))
      .thenThrows(InvalidRetentionCommandError, 'CASE.RETENTION_INVALID');
    spec
      .given([caseOpened])
      .when(place('litigation', anna))
      .thenThrows(RetentionByDpoOnlyError, 'CASE.RETENTION_DPO_ONLY');
    spec.given([caseOpened, held]).when(release(anna)).thenThrows(RetentionByDpoOnlyError);
    spec.given([caseOpened, offered]).when(answer('declined', anna)).thenThrows(RetentionByDpoOnlyError);
  });

  it('offers a file once, never a held one', () => {
    spec.given([caseOpened, closed]).when(offer()).then([offered]);
    spec.given([caseOpened, closed, held]).when(offer()).thenThrows(CaseHeldError, 'CASE.RETENTION_HELD');
    spec
      .given([caseOpened, closed, offered])
      .when(offer())
      .thenThrows(ArchiveOfferStateError, 'CASE.ARCHIVE_OFFER_STATE');
  });

  it("records the archive's answer once, only to an offer", () => {
    spec
      .given([caseOpened, offered])
      .when(answer('taken'))
      .then([
        {
          type: 'ArchiveAnswerRecorded',
          data: { caseId, answer: 'taken', recordedBy: 'frieda.dpo', answeredAt: now.toISOString() },
        },
      ]);
    spec.given([caseOpened]).when(answer()).thenThrows(ArchiveOfferStateError);
    spec.given([caseOpened, offered]).when(answer('maybe')).thenThrows(InvalidRetentionCommandError);
    spec
      .given([
        caseOpened,
        offered,
        {
          type: 'ArchiveAnswerRecorded',
          data: { caseId, answer: 'declined', recordedBy: 'x', answeredAt: now.toISOString() },
        },
      ])
      .when(answer())
      .thenThrows(ArchiveOfferStateError);
  });
});
