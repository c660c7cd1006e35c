import type { Response } from 'supertest';
import { type TestApp } from './test-app';

/**
 * clara.youth declares child-protection access on a case; `list` is the DPO's list of declarations,
 * `seen` the DPO's view of this one (its justification opened, or erased).
 */
export const declareChildProtection = async (
  t: TestApp,
  caseId: string,
  justification: string,
): Promise<{ list(): Promise<Response>; seen(): Promise<{ id: string; justification: unknown } | undefined> }> => {
  const declared = await t.http
    .post(`/api/cases/${caseId}/child-protection-declarations`)
    .set(await t.as('clara.youth', 'child_protection'))
    .send({ justification })
    .expect(201);
  const declarationId = (declared.body as { id: string }).id;
  const list = async () =>
    t.http
      .get('/api/child-protection-declarations')
      .set(await t.as('frieda.dpo', 'audit'))
      .expect(200);
  return {
    list,
    seen: async () =>
      ((await list()).body as { items: { id: string; justification: unknown }[] }).items.find(
        (d) => d.id === declarationId,
      ),
  };
};
