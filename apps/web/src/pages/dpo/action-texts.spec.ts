import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditActionTexts } from './action-texts';

/** The actions docs/access-policy.md's route table names in its audit column ("schedule_conference: permit …"). */
const documentedActions = (): string[] => {
  const doc = readFileSync(join(__dirname, '../../../../../docs/access-policy.md'), 'utf8');
  const actions = doc
    .split('\n')
    .filter((line) => /^\| (GET|POST|PUT|PATCH|DELETE) /.test(line))
    .map((line) => line.split('|')[5]?.trim() ?? '')
    .filter((cell) => cell !== 'none')
    .map((cell) => /^([a-z_]+):/.exec(cell)?.[1]);
  return [...new Set(actions.map((action) => action ?? '(a row without an action)'))];
};

describe('the audited actions in words', () => {
  it('has words for every action a documented route records', () => {
    const actions = documentedActions();

    expect(actions.length).toBeGreaterThan(40);
    expect(actions.filter((action) => !(action in auditActionTexts.de))).toEqual([]);
  });

  it('has the same actions in both languages, none left empty', () => {
    expect(Object.keys(auditActionTexts.en).sort()).toEqual(Object.keys(auditActionTexts.de).sort());
    for (const texts of [auditActionTexts.de, auditActionTexts.en])
      expect(Object.entries(texts).filter(([, words]) => words.trim() === '')).toEqual([]);
  });
});
