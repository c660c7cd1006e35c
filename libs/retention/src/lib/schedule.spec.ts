import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRetentionTable, type RetentionClass } from './retention-table';
import { archiveAnswerDueAt, type CaseRetentionState, retentionStep, scheduleFor, treatmentEnd } from './schedule';

const table = parseRetentionTable(readFileSync(join(__dirname, '../../../../docs/retention.md'), 'utf8'));
const byId = (id: string): RetentionClass => table.classes.find((c) => c.id === id) as RetentionClass;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const none = { caseClosedAt: null, lastHealthNoteAt: null, birthDate: null };
const live: CaseRetentionState = {
  held: false,
  erased: false,
  restrictedCategories: [],
  erasedCategories: [],
  archiveOffer: null,
};
const now = new Date('2037-01-01T03:00:00Z');

describe('scheduleFor', () => {
  it('gives a jobcenter case the classes of SGB II, due ten years (file) and at once (sensitive) after closing', () => {
    const entries = scheduleFor(table, 'jobcenter', { ...none, caseClosedAt: '2026-05-10T14:30:00.000Z' });
    expect(entries.map((e) => [e.classId, e.action, e.startedOn, iso(e.dueAt)])).toEqual([
      ['sgb2-file', 'offer_to_archive', '2026-05-10', '2036-05-11T00:00:00.000Z'],
      ['sgb2-sensitive', 'restrict', '2026-05-10', '2026-05-11T00:00:00.000Z'],
    ]);
  });

  it('has no due date while the case is open', () => {
    expect(scheduleFor(table, 'jobcenter', none).map((e) => e.dueAt)).toEqual([null, null]);
  });

  it('counts a youth-office file from the birth date to the 100th birthday, and keeps no start day for it', () => {
    const [entry] = scheduleFor(table, 'youth_office', { ...none, birthDate: '2000-02-29' });
    expect(entry).toMatchObject({ classId: 'sgb8-file', startedOn: null });
    expect(iso(entry?.dueAt ?? null)).toBe('2100-03-01T00:00:00.000Z');
    // An unknown birth date (erased, unreadable) gives no due date: the DPO's report lists it as undetermined.
    expect(scheduleFor(table, 'youth_office', none)[0]?.dueAt).toBeNull();
  });

  it('counts last_treatment from the last health note of a closed case, or its closing; not while it is open', () => {
    expect(treatmentEnd({ caseClosedAt: null, lastHealthNoteAt: '2026-01-01T00:00:00Z' })).toBeNull();
    expect(treatmentEnd({ caseClosedAt: '2026-03-01T00:00:00Z', lastHealthNoteAt: null })).toBe('2026-03-01T00:00:00Z');
    expect(treatmentEnd({ caseClosedAt: '2026-03-01T00:00:00Z', lastHealthNoteAt: '2026-02-01T00:00:00Z' })).toBe(
      '2026-02-01T00:00:00Z',
    );
    expect(treatmentEnd({ caseClosedAt: '2026-03-01T00:00:00Z', lastHealthNoteAt: '2026-04-01T00:00:00Z' })).toBe(
      '2026-04-01T00:00:00Z',
    );
    // A rehabilitation file: the medical categories end ten years after the last note, the file after the closing.
    const entries = scheduleFor(table, 'rehab_provider', {
      ...none,
      caseClosedAt: '2026-03-01T10:00:00Z',
      lastHealthNoteAt: '2026-02-01T10:00:00Z',
    });
    expect(entries.map((e) => [e.classId, e.startedOn, iso(e.dueAt)])).toEqual([
      ['rehab-file', '2026-03-01', '2036-03-02T00:00:00.000Z'],
      ['rehab-medical', '2026-02-01', '2036-02-02T00:00:00.000Z'],
    ]);
    // Open, nothing counted from the treatment is due.
    const open = scheduleFor(table, 'health_provider', { ...none, lastHealthNoteAt: '2016-02-01T10:00:00Z' });
    expect(open.map((e) => [e.classId, e.dueAt])).toEqual([['health-record', null]]);
  });
});

describe('archiveAnswerDueAt', () => {
  it('gives the archive four months, counted from the day after the offer', () => {
    expect(iso(archiveAnswerDueAt(new Date('2036-05-11T02:00:00Z')))).toBe('2036-09-12T00:00:00.000Z');
    expect(iso(archiveAnswerDueAt(new Date('2036-10-31T02:00:00Z')))).toBe('2037-03-01T00:00:00.000Z');
  });
});

describe('retentionStep', () => {
  it('never acts on a held case', () => {
    for (const id of ['sgb2-file', 'sgb2-sensitive', 'health-record', 'rehab-medical'])
      expect(retentionStep(byId(id), { ...live, held: true }, now)).toEqual({ kind: 'skip', why: 'held' });
  });

  it('does nothing twice: an erased case, a restriction in force, an offer awaiting its answer', () => {
    expect(retentionStep(byId('general-file'), { ...live, erased: true }, now)).toEqual({ kind: 'skip', why: 'done' });
    expect(
      retentionStep(
        byId('sgb2-sensitive'),
        { ...live, restrictedCategories: ['health', 'addiction', 'youth_welfare'] },
        now,
      ),
    ).toEqual({ kind: 'skip', why: 'done' });
    expect(retentionStep(byId('sgb2-sensitive'), { ...live, restrictedCategories: ['finances'] }, now)).toEqual({
      kind: 'skip',
      why: 'restricted_otherwise',
    });
    const offered = { ...live, archiveOffer: { answerDueAt: '2037-02-01T00:00:00.000Z', answered: false } };
    expect(retentionStep(byId('sgb2-file'), offered, now)).toEqual({ kind: 'skip', why: 'awaiting_archive' });
  });

  it('offers first, then erases when the archive answered or four months passed', () => {
    expect(retentionStep(byId('sgb2-file'), live, now)).toEqual({
      kind: 'offer_to_archive',
      answerDueAt: new Date('2037-05-02T00:00:00.000Z'),
    });
    const answered = { ...live, archiveOffer: { answerDueAt: '2037-02-01T00:00:00.000Z', answered: true } };
    expect(retentionStep(byId('sgb2-file'), answered, now)).toEqual({ kind: 'erase_subject_key' });
    const silent = { ...live, archiveOffer: { answerDueAt: '2037-01-01T00:00:00.000Z', answered: false } };
    expect(retentionStep(byId('sgb2-file'), silent, now)).toEqual({ kind: 'erase_subject_key' });
  });

  it("restricts the class's categories, erases a category key or the subject key", () => {
    expect(retentionStep(byId('sgb2-sensitive'), live, now)).toEqual({
      kind: 'restrict',
      categories: ['health', 'addiction', 'youth_welfare'],
    });
    expect(retentionStep(byId('rehab-medical'), live, now)).toEqual({
      kind: 'erase_category_key',
      categories: ['health', 'addiction'],
    });
    expect(retentionStep(byId('general-file'), live, now)).toEqual({ kind: 'erase_subject_key' });
  });

  it('erases only the categories whose keys are left, and is done when none is', () => {
    const medical = byId('rehab-medical');
    expect(retentionStep(medical, live, now)).toEqual({
      kind: 'erase_category_key',
      categories: ['health', 'addiction'],
    });
    expect(retentionStep(medical, { ...live, erasedCategories: ['health'] }, now)).toEqual({
      kind: 'erase_category_key',
      categories: ['addiction'],
    });
    expect(retentionStep(medical, { ...live, erasedCategories: ['addiction', 'health'] }, now)).toEqual({
      kind: 'skip',
      why: 'done',
    });
  });
});
