import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGENCY_TYPES,
  type AgencyType,
  DATA_CATEGORIES,
  type DataCategory,
  markdownList,
  markdownTable,
  PURPOSES,
  type Purpose,
  ROLES,
  type Role,
} from '@fallverbund/kernel';

/**
 * docs/access-policy.md read as data. The matrix test derives its expectations from this, never from
 * the policy code, so the table and the code are two statements of the rules that must agree.
 */
export interface PolicyTable {
  statutory: Record<AgencyType, Purpose[]>;
  needs: Record<Purpose, DataCategory[]>;
  rules: { id: string; roles: Role[]; who: string; categories: string }[];
  routes: { method: string; route: string; needs: string; refusal: string; audit: string }[];
}

const SOURCE = 'docs/access-policy.md';
const tableUnder = (markdown: string, heading: string): string[][] => markdownTable(markdown, heading, SOURCE);
const list = <T extends string>(cell: string, allowed: readonly T[], what: string): T[] =>
  markdownList(cell, allowed, what, SOURCE);

export const readPolicyTable = (): PolicyTable => {
  const markdown = readFileSync(join(__dirname, '../../../../docs/access-policy.md'), 'utf8');
  const statutory = Object.fromEntries(
    tableUnder(markdown, 'Purposes an agency pursues by statute').map(([type, purposes]) => [
      list(type ?? '', AGENCY_TYPES, 'agency type')[0],
      list(purposes ?? '', PURPOSES, 'purpose'),
    ]),
  ) as Record<AgencyType, Purpose[]>;
  const needs = Object.fromEntries(
    tableUnder(markdown, 'What a purpose may need').map(([purpose, categories]) => [
      list(purpose ?? '', PURPOSES, 'purpose')[0],
      list(categories ?? '', DATA_CATEGORIES, 'data category'),
    ]),
  ) as Record<Purpose, DataCategory[]>;
  const rules = tableUnder(markdown, 'Rules').map(([id, who, , categories]) => {
    const words = (who ?? '').replace(/ of a .*$/, '');
    return { id: id ?? '', who: who ?? '', roles: list(words, ROLES, 'role'), categories: categories ?? '' };
  });
  const routes = tableUnder(markdown, 'Routes').flatMap(([method, route, needsCell, refusal, audit]) =>
    (route ?? '').split(',').map((r) => ({
      method: method ?? '',
      route: r.trim(),
      needs: needsCell ?? '',
      refusal: refusal ?? '',
      audit: audit ?? '',
    })),
  );
  for (const type of AGENCY_TYPES) if (!statutory[type]) throw new Error(`no statutory purposes for ${type}`);
  for (const purpose of PURPOSES) if (!needs[purpose]) throw new Error(`no needs for ${purpose}`);
  return { statutory, needs, rules, routes };
};
