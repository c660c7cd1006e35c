import { type PlanTextCategories } from '@fallverbund/cases-domain';
import { type DataCategory } from '@fallverbund/kernel';
import { diffPlanVersions, type PlanContent, readableVersions } from './plan-diff';

const v1: PlanContent = {
  legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
  goals: [
    { goalId: 'g1', lifeArea: 'work', text: 'Teilzeitstelle finden' },
    { goalId: 'g2', lifeArea: 'health', text: 'Rückenschmerzen behandeln lassen' },
  ],
  steps: [
    {
      stepId: 's1',
      goalId: 'g1',
      action: 'Lebenslauf überarbeiten',
      responsible: 'participant',
      dueDate: '2026-12-01',
    },
    { stepId: 's9', goalId: 'g2', action: 'Termin Orthopädie', responsible: 'participant', dueDate: '2026-12-05' },
  ],
  participantWords: null,
};

describe('diffPlanVersions', () => {
  it('names what was added, removed and changed, field by field, and says it in German', () => {
    const v2: PlanContent = {
      legalStatus: { basis: '§ 19 SGB IX', binding: false, mediationAvailable: false },
      goals: [
        { goalId: 'g1', lifeArea: 'work', text: 'Teilzeitstelle im Einzelhandel finden' },
        { goalId: 'g3', lifeArea: 'housing', text: 'Eigene Wohnung' },
      ],
      steps: [
        { stepId: 's1', goalId: null, action: 'Lebenslauf überarbeiten', responsible: 'coach', dueDate: '2026-12-08' },
        {
          stepId: 's2',
          goalId: 'g3',
          action: 'Wohnungsamt aufsuchen',
          responsible: 'participant',
          dueDate: '2026-12-15',
        },
      ],
      participantWords: 'Ich will wieder arbeiten.',
    };
    const diff = diffPlanVersions(1, v1, 2, v2);
    expect(diff).toEqual({
      from: 1,
      to: 2,
      legalStatus: {
        basis: { from: '§ 15 SGB II', to: '§ 19 SGB IX' },
        mediationAvailable: { from: true, to: false },
      },
      goals: {
        added: [v2.goals[1]],
        removed: [v1.goals[1]],
        changed: [
          {
            goalId: 'g1',
            changes: { text: { from: 'Teilzeitstelle finden', to: 'Teilzeitstelle im Einzelhandel finden' } },
          },
        ],
      },
      steps: {
        added: [v2.steps[1]],
        removed: [v1.steps[1]],
        changed: [
          {
            stepId: 's1',
            changes: {
              goalId: { from: 'g1', to: null },
              responsible: { from: 'participant', to: 'coach' },
              dueDate: { from: '2026-12-01', to: '2026-12-08' },
            },
          },
        ],
      },
      participantWords: { from: null, to: 'Ich will wieder arbeiten.' },
      lines: [
        'Rechtsgrundlage: § 15 SGB II → § 19 SGB IX',
        'Schlichtung vorgesehen: ja → nein',
        // Goals and steps by their place in v2; one v2 no longer has by its place in v1, naming the version.
        'Ziel 2 neu (Wohnen): Eigene Wohnung',
        'Ziel 1: „Teilzeitstelle finden“ → „Teilzeitstelle im Einzelhandel finden“',
        'Ziel 2 der Fassung 1 entfällt: Rückenschmerzen behandeln lassen',
        'Schritt 2 neu: Wohnungsamt aufsuchen bis 15.12.2026 (teilnehmende Person)',
        'Schritt 1: zuständig teilnehmende Person → coach',
        'Schritt 1: fällig 01.12.2026 → 08.12.2026',
        'Schritt 1: Ziel 1 → ohne Ziel',
        'Schritt 2 der Fassung 1 entfällt: Termin Orthopädie',
        'Worte der teilnehmenden Person neu: „Ich will wieder arbeiten.“',
      ],
    });
  });

  it('names a step by its place in the later version, also when an earlier step before it was removed', () => {
    const v2: PlanContent = { ...v1, steps: [v1.steps[1]!, { ...v1.steps[0]!, stepId: 's3', action: 'Neu' }] };
    const diff = diffPlanVersions(3, v1, 4, v2);
    expect(diff.lines).toEqual([
      'Schritt 2 neu: Neu bis 01.12.2026 (teilnehmende Person)',
      'Schritt 1 der Fassung 3 entfällt: Lebenslauf überarbeiten',
    ]);
  });

  it('finds nothing between equal versions', () => {
    const diff = diffPlanVersions(1, v1, 2, structuredClone(v1));
    expect(diff).toMatchObject({
      legalStatus: {},
      goals: { added: [], removed: [], changed: [] },
      steps: { added: [], removed: [], changed: [] },
      participantWords: null,
      lines: [],
    });
  });

  it('says when the words were changed or removed, and a life area moved', () => {
    const before = { ...v1, participantWords: 'Erst die Gesundheit.' };
    const changed = diffPlanVersions(1, before, 2, {
      ...before,
      goals: [{ goalId: 'g1', lifeArea: 'health', text: 'Teilzeitstelle finden' }, ...v1.goals.slice(1)],
      participantWords: 'Erst die Gesundheit, dann Arbeit.',
    });
    expect(changed.lines).toEqual([
      'Ziel 1: Lebensbereich Arbeit → Gesundheit',
      'Worte der teilnehmenden Person: „Erst die Gesundheit.“ → „Erst die Gesundheit, dann Arbeit.“',
    ]);
    expect(diffPlanVersions(2, before, 3, v1).lines).toEqual(['Worte der teilnehmenden Person entfernt']);
  });
});

describe('readableVersions', () => {
  const categories = (g2: DataCategory, s9: DataCategory, words: DataCategory = 'plan'): PlanTextCategories => ({
    goals: [
      { goalId: 'g1', category: 'plan' },
      { goalId: 'g2', category: g2 },
    ],
    steps: [
      { stepId: 's1', category: 'plan' },
      { stepId: 's9', category: s9 },
    ],
    participantWords: words,
  });
  const v2: PlanContent = {
    ...v1,
    goals: [v1.goals[0]!, { goalId: 'g2', lifeArea: 'health', text: 'Alkoholkonsum reduzieren' }],
    participantWords: 'Ich trinke zu viel.',
  };
  const noAddiction = (category: DataCategory) => category !== 'addiction';

  it('leaves a text withheld in either version out of both, so the difference neither shows it nor invents a change', () => {
    const shown = readableVersions(
      { content: v1, categories: categories('plan', 'plan') },
      { content: v2, categories: categories('addiction', 'plan', 'addiction') },
      noAddiction,
    );
    expect(shown.withheld).toBe(2);
    const diff = diffPlanVersions(1, shown.before, 2, shown.after);
    expect(JSON.stringify(diff)).not.toMatch(/Alkohol|trinke|Rückenschmerzen|addiction/);
    expect(diff.goals).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.participantWords).toBeNull();
    expect(diff.lines).toEqual([]);
  });

  it('shows a change of category between categories the reader may read', () => {
    const shown = readableVersions(
      { content: v1, categories: categories('plan', 'plan') },
      { content: v1, categories: categories('health', 'plan') },
      noAddiction,
    );
    expect(shown.withheld).toBe(0);
    const diff = diffPlanVersions(1, shown.before, 2, shown.after);
    expect(diff.goals.changed).toEqual([{ goalId: 'g2', changes: { category: { from: 'plan', to: 'health' } } }]);
    expect(diff.lines).toEqual(['Ziel 2: Kategorie Kooperationsplan → Gesundheitsdaten']);
  });
});
