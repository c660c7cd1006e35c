import { randomUUID } from 'node:crypto';
import { Directory } from '@fallverbund/identity';
import {
  AGENCY_TYPES,
  type AgencyType,
  DATA_CATEGORIES,
  type DataCategory,
  PURPOSES,
  type Purpose,
  type Role,
  STAFF_ROLES,
  type StaffRole,
} from '@fallverbund/kernel';
import { type Response } from 'supertest';
import { clock } from '../app/clock';
import { participant, startTestApp, type TestApp } from '../testing/test-app';
import { readPolicyTable } from './policy-table';

/**
 * Every route × role × agency type × consent state × purpose, with the expected answer derived from
 * docs/access-policy.md. Probes are chosen so that a permitted request fails after the policy check
 * (a validation the domain makes, a conflict) and changes nothing, so cells do not affect each other.
 */
const table = readPolicyTable();
const LEAD = 'a-jobcenter';
const LEAD_TYPE: AgencyType = 'jobcenter';
/**
 * `restricted`: the actor on the team and an active consent, as in `withdrawn`/`expired` before the
 * withdrawal, and the whole case restricted by the lead agency's data protection officer (§ 84 SGB X).
 */
const CONSENT_STATES = ['none', 'active', 'other_purpose', 'withdrawn', 'expired', 'restricted'] as const;
type ConsentState = (typeof CONSENT_STATES)[number];
const NOT_CONSENTABLE: Purpose[] = ['evaluation', 'audit'];
const CONSENTABLE = PURPOSES.filter((p) => !NOT_CONSENTABLE.includes(p));
const NEVER_TEAM: Purpose[] = ['child_protection', 'evaluation', 'audit'];
const SECTIONS: DataCategory[] = ['identity', 'case_admin', 'health', 'youth_welfare'];

interface MatrixActor {
  userId: string;
  role: StaffRole;
  agencyId: string;
  agencyType: AgencyType;
}
const actors: MatrixActor[] = STAFF_ROLES.flatMap((role) =>
  AGENCY_TYPES.map((agencyType) => ({
    userId: `${role}@${agencyType}`,
    role,
    agencyId: `a-${agencyType}`,
    agencyType,
  })),
);
const directory = new Directory(
  [
    ...AGENCY_TYPES.map((type) => ({ id: `a-${type}`, name: type, type })),
    { id: 'a-elsewhere', name: 'elsewhere', type: 'network_partner' as const },
  ],
  [
    { id: 'lead.cw', displayName: 'lead.cw', role: 'caseworker', agencyId: LEAD },
    ...actors.map((a) => ({ id: a.userId, displayName: a.userId, role: a.role, agencyId: a.agencyId })),
  ],
);

const rolesOf = (ruleId: string): Role[] => {
  const rule = table.rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`docs/access-policy.md has no rule ${ruleId}`);
  return rule.roles;
};

/**
 * The matrix case's team: the actor is put on it except in the states `none` and `active`, where it
 * stays off, so that the rules that need no team place (consent, supervision) meet both.
 */
const OFF_TEAM_STATES: readonly ConsentState[] = ['none', 'active'];
const onTeamIn = (actor: MatrixActor, state: ConsentState): boolean =>
  actor.role !== 'data_protection_officer' && !OFF_TEAM_STATES.includes(state);

/** The categories supervision may read, as the categories cell of the table's rule names them. */
const supervisionCategories = (): DataCategory[] => {
  const rule = table.rules.find((r) => r.id === 'supervision');
  if (!rule) throw new Error('docs/access-policy.md has no rule supervision');
  const listed = /∩ ([a-z_, ]+)$/.exec(rule.categories)?.[1] ?? '';
  return DATA_CATEGORIES.filter((c) => listed.split(', ').includes(c));
};

/** The categories the table grants, each with the rule that names its basis (table order): the oracle. */
const grantedByTable = (actor: MatrixActor, state: ConsentState, purpose: Purpose): Map<DataCategory, string> => {
  const granted = new Map<DataCategory, string>();
  const grant = (categories: readonly DataCategory[], rule: string) =>
    categories.forEach((c) => granted.has(c) || granted.set(c, rule));
  const onTeam = onTeamIn(actor, state);
  const leadPurpose = table.statutory[LEAD_TYPE].includes(purpose) && !NEVER_TEAM.includes(purpose);
  if (rolesOf('team').includes(actor.role) && onTeam && actor.agencyId === LEAD && leadPurpose) {
    grant(table.needs[purpose], 'team');
  }
  const consentPurposes =
    state === 'active' || state === 'restricted'
      ? CONSENTABLE
      : state === 'other_purpose'
        ? CONSENTABLE.filter((p) => p !== purpose)
        : [];
  // Rule consent: on the team or not.
  if (rolesOf('consent').includes(actor.role) && actor.agencyId !== LEAD && consentPurposes.includes(purpose)) {
    grant(table.needs[purpose], 'consent');
  }
  // Rule supervision: a team lead of the lead agency, on the team or not.
  if (rolesOf('supervision').includes(actor.role) && actor.agencyId === LEAD && leadPurpose) {
    const may = supervisionCategories();
    grant(
      table.needs[purpose].filter((c) => may.includes(c)),
      'supervision',
    );
  }
  return granted;
};

/**
 * A restricted case (rule restriction): every grant above is taken away — the case stays visible to
 * those it would be granted to, who are refused with 403 CASE.RESTRICTED — and the data protection
 * officer of the lead agency reads every category under purpose audit.
 */
const restrictedByTable = (
  actor: MatrixActor,
  purpose: Purpose,
  wouldGrant: Map<DataCategory, string>,
): { rules: Map<DataCategory, string>; visible: boolean } => {
  const dpo = rolesOf('restriction').includes(actor.role) && actor.agencyId === LEAD && purpose === 'audit';
  const rules = new Map<DataCategory, string>(dpo ? DATA_CATEGORIES.map((c) => [c, 'restriction']) : []);
  return { rules, visible: rules.size > 0 || wouldGrant.size > 0 };
};

/** Rules of the table that read only: supervision. */
const READ_ONLY_RULES = ['supervision', 'restriction'];

interface Cell {
  actor: MatrixActor;
  state: ConsentState;
  purpose: Purpose;
  caseId: string;
  /** Readable categories (for a `record` probe: the recordable ones). */
  granted: Set<DataCategory>;
  /** Whether any category is readable: a refusal is 403 then, else 404. */
  visible: boolean;
  /** Category → the rule that names its basis. */
  rules: Map<DataCategory, string>;
  /** What the rules would grant but for a restriction (state `restricted`), else `granted`. */
  wouldGrant: Set<DataCategory>;
}

type Probe = (t: TestApp, cell: Cell, auth: Record<string, string>) => Promise<string | null>;

const refusal = (cell: Cell, response: Response): string | null => {
  const expected = cell.visible ? 403 : 404;
  // On a restricted case, whoever would be granted what the route needs is told why (§ 84 SGB X); a
  // category the actor would not be granted anyway is refused as before, and says which one.
  const { code, detail } = response.body as { code?: string; detail?: string };
  const notGrantedAnyway = /do not allow to (?:read|record) ([a-z_]+) of this case$/.exec(detail ?? '')?.[1];
  const restrictedRightly =
    cell.state !== 'restricted' ||
    expected === 404 ||
    cell.rules.size > 0 ||
    code === 'CASE.RESTRICTED' ||
    (code === 'ACCESS.DENIED' &&
      notGrantedAnyway !== undefined &&
      !cell.wouldGrant.has(notGrantedAnyway as DataCategory));
  return response.status === expected && restrictedRightly
    ? null
    : `expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`;
};
const permittedWith = (response: Response, status: number, code?: string): string | null =>
  response.status === status && (!code || (response.body as { code?: string }).code === code)
    ? null
    : `expected ${status} ${code ?? ''}, got ${response.status} ${JSON.stringify(response.body)}`;

/**
 * DPO routes: `ok` for data protection officers with purpose audit, else 403. The latest checkpoint
 * may not exist yet when its probe runs first: then 404 AUDIT.NO_CHECKPOINT is the permitted answer.
 */
const dpoProbe = (
  actor: MatrixActor,
  purpose: Purpose,
  response: Response,
  ok = 200,
  mayBeMissing = false,
): string | null => {
  if (actor.role !== 'data_protection_officer' || purpose !== 'audit') return permittedWith(response, 403);
  if (mayBeMissing && response.status === 404) return permittedWith(response, 404, 'AUDIT.NO_CHECKPOINT');
  return permittedWith(response, ok);
};

/** Agencies the probe conference does not invite: the lead agency's type and one other. */
const NOT_INVITED: AgencyType[] = [LEAD_TYPE, 'health_insurer'];
let probeConference: Promise<string> | undefined;
/** One conference, convened once by the lead, for the probe of the invitee's view. */
const conferenceForProbe = (t: TestApp): Promise<string> => {
  probeConference ??= (async () => {
    const lead = { authorization: `Bearer ${await t.token('lead.cw')}`, 'x-purpose': 'integration' };
    const caseId = (
      (await t.http.post('/api/cases').set(lead).send({ participant }).expect(201)).body as { id: string }
    ).id;
    const invited = AGENCY_TYPES.filter((type) => !NOT_INVITED.includes(type)).map((type) => `a-${type}`);
    const response = await t.http
      .post(`/api/cases/${caseId}/conferences`)
      .set(lead)
      .send({
        topic: 'probe',
        invitedAgencyIds: invited,
        plannedFor: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      })
      .expect(201);
    return (response.body as { id: string }).id;
  })();
  return probeConference;
};

/**
 * Two cases for the probes of the § 84 SGB X routes, made once by the lead and its data protection
 * officer: one restricted with its accuracy disputed, one neither. Each probe asks what fails after the
 * policy for the DPO (restrict the restricted one again: 409), so no probe changes a case.
 */
let restrictionCases: Promise<{ marked: string; plain: string }> | undefined;
const restrictionProbeCases = (t: TestApp) => {
  restrictionCases ??= (async () => {
    const lead = { authorization: `Bearer ${await t.token('lead.cw')}`, 'x-purpose': 'integration' };
    const dpo = {
      authorization: `Bearer ${await t.token(`data_protection_officer@${LEAD_TYPE}`)}`,
      'x-purpose': 'audit',
    };
    const open = async () =>
      ((await t.http.post('/api/cases').set(lead).send({ participant }).expect(201)).body as { id: string }).id;
    const [marked, plain] = [await open(), await open()];
    await t.http
      .post(`/api/cases/${marked}/restriction`)
      .set(dpo)
      .send({ scope: ['health'], reason: 'legal_claims' })
      .expect(201);
    await t.http.post(`/api/cases/${marked}/accuracy-dispute`).set(dpo).send({}).expect(201);
    return { marked, plain };
  })();
  return restrictionCases;
};

/**
 * The § 84 SGB X routes: the lead agency's DPO under audit gets the conflict `dpoCode`; any other DPO
 * 404; anyone else 403 CASE.RESTRICTION_DPO_ONLY where the table opens the case to them (off the team,
 * without consent: supervision), else 404.
 */
const restrictionProbe =
  (path: (cases: { marked: string; plain: string }) => string, body: object, dpoCode: string) =>
  async (t: TestApp, actor: MatrixActor, purpose: Purpose, auth: Record<string, string>): Promise<string | null> => {
    const response = await t.http
      .post(path(await restrictionProbeCases(t)))
      .set(auth)
      .send(body);
    if (actor.role === 'data_protection_officer')
      return actor.agencyId === LEAD && purpose === 'audit'
        ? permittedWith(response, 409, dpoCode)
        : permittedWith(response, 404, 'CASE.NOT_FOUND');
    return grantedByTable(actor, 'none', purpose).size > 0
      ? permittedWith(response, 403, 'CASE.RESTRICTION_DPO_ONLY')
      : permittedWith(response, 404, 'CASE.NOT_FOUND');
  };
const RESTRICTION_NEEDS = /^role data_protection_officer of the lead agency, purpose audit \(§ 84 SGB X\)$/;

/**
 * The retention routes (issue 17), on one case the lead's DPO holds once: each probe asks what fails
 * after the policy for the DPO (hold it again, answer an offer never made: 409), so no probe changes it.
 */
let retentionCase: Promise<{ held: string; plain: string }> | undefined;
const retentionProbe =
  (path: (cases: { held: string; plain: string }) => string, body: object, dpoCode: string) =>
  async (t: TestApp, actor: MatrixActor, purpose: Purpose, auth: Record<string, string>): Promise<string | null> => {
    retentionCase ??= (async () => {
      const lead = { authorization: `Bearer ${await t.token('lead.cw')}`, 'x-purpose': 'integration' };
      const dpo = {
        authorization: `Bearer ${await t.token(`data_protection_officer@${LEAD_TYPE}`)}`,
        'x-purpose': 'audit',
      };
      const open = async () =>
        ((await t.http.post('/api/cases').set(lead).send({ participant }).expect(201)).body as { id: string }).id;
      const [held, plain] = [await open(), await open()];
      await t.http.post(`/api/cases/${held}/retention-hold`).set(dpo).send({ reason: 'litigation' }).expect(201);
      return { held, plain };
    })();
    const response = await t.http
      .post(path(await retentionCase))
      .set(auth)
      .send(body);
    if (actor.role === 'data_protection_officer')
      return actor.agencyId === LEAD && purpose === 'audit'
        ? permittedWith(response, 409, dpoCode)
        : permittedWith(response, 404, 'CASE.NOT_FOUND');
    return grantedByTable(actor, 'none', purpose).size > 0
      ? permittedWith(response, 403, 'CASE.RETENTION_DPO_ONLY')
      : permittedWith(response, 404, 'CASE.NOT_FOUND');
  };
const RETENTION_NEEDS = /^role data_protection_officer of the lead agency, purpose audit \(retention hold\)$/;
const RESTRICTION_REFUSED = '404, or 403 when the case is visible';

/**
 * Two cases for the probes of the erasure-request routes (Art. 17 GDPR), made once by the lead and its
 * data protection officer: one with an open request (recording another is 409 after the policy), one
 * whose request was refused (deciding it again is 409). No probe changes a case.
 */
let erasureCases: Promise<{ open: string; decided: string; requestId: string }> | undefined;
const erasureProbeCases = (t: TestApp) => {
  erasureCases ??= (async () => {
    const lead = { authorization: `Bearer ${await t.token('lead.cw')}`, 'x-purpose': 'integration' };
    const dpo = {
      authorization: `Bearer ${await t.token(`data_protection_officer@${LEAD_TYPE}`)}`,
      'x-purpose': 'audit',
    };
    const withRequest = async () => {
      const id = ((await t.http.post('/api/cases').set(lead).send({ participant }).expect(201)).body as { id: string })
        .id;
      const request = await t.http
        .post(`/api/cases/${id}/erasure-requests`)
        .set(lead)
        .send({ scope: 'case' })
        .expect(201);
      return { id, requestId: (request.body as { requestId: string }).requestId };
    };
    const [open, decided] = [await withRequest(), await withRequest()];
    await t.http
      .post(`/api/cases/${decided.id}/erasure-requests/${decided.requestId}/decision`)
      .set(dpo)
      .send({ decision: 'refused_retention_duty', reason: 'retention_duty', retentionClass: 'sgb2-file' })
      .expect(201);
    return { open: open.id, decided: decided.id, requestId: decided.requestId };
  })();
  return erasureCases;
};
const isLeadDpo = (actor: MatrixActor, purpose: Purpose): boolean =>
  actor.role === 'data_protection_officer' && actor.agencyId === LEAD && purpose === 'audit';

/** One probe per row of the routes table; a row without a probe, or a route without a row, fails. */
const probes: Record<
  string,
  {
    needs: RegExp;
    refused?: string;
    cell?: Probe;
    perActor?: (
      t: TestApp,
      actor: MatrixActor,
      purpose: Purpose,
      auth: Record<string, string>,
    ) => Promise<string | null>;
  }
> = {
  'POST /api/cases': {
    refused: '403',
    needs: /^role caseworker or team_lead, purpose a statutory purpose of the actor's agency type$/,
    perActor: async (t, actor, purpose, auth) => {
      const may =
        ['caseworker', 'team_lead'].includes(actor.role) &&
        table.statutory[actor.agencyType].includes(purpose) &&
        !NEVER_TEAM.includes(purpose);
      const response = await t.http
        .post('/api/cases')
        .set(auth)
        .send({ participant: { ...participant, birthDate: '2099-01-01' } });
      return may ? permittedWith(response, 400, 'CASE.INVALID_PARTICIPANT') : permittedWith(response, 403);
    },
  },
  'GET /api/cases': {
    refused: '–',
    needs:
      /^lists the cases of which the actor may read `identity` or `case_admin` on any rule, each with the rule it is visible under; with `q` or `birthDate` only those of which it may read `identity`$/,
    cell: async (t, cell, auth) => {
      // Page through: a team lead of the lead agency supervises every matrix case.
      let item: { id: string; visibleAs: string } | undefined;
      for (let offset: number | null = 0; offset !== null && !item;) {
        const response = await t.http.get(`/api/cases?limit=200&offset=${offset}`).set(auth);
        if (response.status !== 200) return `list answered ${response.status}`;
        const page = response.body as { items: { id: string; visibleAs: string }[]; nextOffset: number | null };
        item = page.items.find((c) => c.id === cell.caseId);
        offset = page.nextOffset;
      }
      // A restricted case is listed to no one: listing is processing it.
      const rule =
        cell.state === 'restricted' ? undefined : (cell.rules.get('identity') ?? cell.rules.get('case_admin'));
      if (!item || !rule) return !item && !rule ? null : `listed: ${!!item}`;
      return item.visibleAs === rule ? null : `visible as ${item.visibleAs}, the table says ${rule}`;
    },
  },
  'GET /api/cases/{id}': {
    refused: '404',
    needs: /^sections$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}`).set(auth);
      if (cell.granted.size === 0)
        return cell.visible
          ? permittedWith(response, 403, 'CASE.RESTRICTED')
          : permittedWith(response, 404, 'CASE.NOT_FOUND');
      if (response.status !== 200) return `expected 200, got ${response.status}`;
      const body = response.body as Record<string, unknown> & { withheld: string[] };
      const present = SECTIONS.filter(
        (s) =>
          body[
            { identity: 'participant', case_admin: 'caseAdmin', health: 'health', youth_welfare: 'youthWelfare' }[
              s as 'identity'
            ]
          ] !== undefined,
      );
      const expected = SECTIONS.filter((s) => cell.granted.has(s));
      const withheld = DATA_CATEGORIES.filter((c) => !cell.granted.has(c));
      if (JSON.stringify(present) !== JSON.stringify(expected))
        return `sections ${present.join(',')} instead of ${expected.join(',')}`;
      return JSON.stringify(body.withheld) === JSON.stringify(withheld) ? null : `withheld ${body.withheld.join(',')}`;
    },
  },
  'GET /api/cases/{id}/timeline': {
    refused: '404, or 403 when the case is visible',
    needs: /^read case_admin$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/timeline`).set(auth);
      return cell.granted.has('case_admin') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/consents': {
    refused: '404, or 403 when the case is visible',
    needs: /^read case_admin$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/consents`).set(auth);
      return cell.granted.has('case_admin') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/team-members': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/team-members`)
        .set(auth)
        .send({ userId: 'lead.cw' });
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 409, 'CASE.ALREADY_TEAM_MEMBER')
        : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/consents': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/consents`)
        .set(auth)
        .send({
          purposes: ['coordination'],
          dataCategories: ['plan'],
          recipientAgencyIds: ['a-elsewhere'],
          validUntil: '2000-01-01',
          form: 'written',
          grantedBy: 'participant',
        });
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 400, 'CONSENT.INVALID')
        : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/consents/{consentId}/withdrawal': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.post(`/api/cases/${cell.caseId}/consents/${randomUUID()}/withdrawal`).set(auth);
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 404, 'CONSENT.NOT_FOUND')
        : refusal(cell, response);
    },
  },
  // Issuing a code changes no case and no decision of another cell (an invitation stream of its own), so
  // a permitted probe issues one: 201.
  'POST /api/cases/{id}/participant-invitations': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is a caseworker on the case team;/,
    cell: async (t, cell, auth) => {
      const response = await t.http.post(`/api/cases/${cell.caseId}/participant-invitations`).set(auth);
      if (!cell.granted.has('case_admin')) return refusal(cell, response);
      return cell.actor.role === 'caseworker' && onTeamIn(cell.actor, cell.state)
        ? permittedWith(response, 201)
        : permittedWith(response, 403, 'ACCESS.DENIED');
    },
  },
  // The participant's own routes: every staff actor is refused, whatever it declares (the participant
  // side is held by apps/api/src/participant/participant.e2e.int.spec.ts).
  'POST /api/me/invitations/redemption': {
    refused: '404 INVITATION.NOT_REDEEMABLE (unknown, used, expired alike)',
    needs: /^participant \(no purpose\); a code issued/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.post('/api/me/invitations/redemption').set(auth).send({ code: 'ABCD-EFGH-JKMN' }),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  'GET /api/me/cases': {
    needs: /^participant; the cases the account is bound to/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(await t.http.get('/api/me/cases').set(auth), 403, 'AUTH.PARTICIPANT_ONLY'),
  },
  'GET /api/me/cases/{id}/consents': {
    refused: '404 (any other case)',
    needs: /^participant bound to the case$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(await t.http.get(`/api/me/cases/${randomUUID()}/consents`).set(auth), 403, 'AUTH.PARTICIPANT_ONLY'),
  },
  'POST /api/me/cases/{id}/consents/{consentId}/withdrawal': {
    refused: '404 (any other case, or no such consent), or 403 when given by someone else',
    needs: /^participant bound to the case; a consent the participant gave/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.post(`/api/me/cases/${randomUUID()}/consents/${randomUUID()}/withdrawal`).set(auth),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  'GET /api/me/cases/{id}/copy': {
    refused: '404 (any other case)',
    needs: /^participant bound to the case; identity, case, consents/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(await t.http.get(`/api/me/cases/${randomUUID()}/copy`).set(auth), 403, 'AUTH.PARTICIPANT_ONLY'),
  },
  'POST /api/cases/{id}/health-notes': {
    refused: '404, or 403 when the case is visible',
    needs: /^record health$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.post(`/api/cases/${cell.caseId}/health-notes`).set(auth).send({ text: '   ' });
      return cell.granted.has('health') ? permittedWith(response, 400, 'HEALTH_NOTE.INVALID') : refusal(cell, response);
    },
  },
  // § 65 SGB VIII: youth_welfare is granted in the matrix only by consent (the lead is a jobcenter); only
  // a caseworker of a youth office records, and a blank note is refused after the policy check.
  'POST /api/cases/{id}/entrusted-notes': {
    refused: '404, or 403 when the case is visible',
    needs: /^record youth_welfare, and the actor is a caseworker of a youth_office$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/entrusted-notes`)
        .set(auth)
        .send({ text: '   ', entrustedBy: 'participant' });
      const youthOfficeCaseworker = cell.actor.role === 'caseworker' && cell.actor.agencyType === 'youth_office';
      if (cell.granted.has('youth_welfare') && !youthOfficeCaseworker)
        return permittedWith(response, 403, 'ENTRUSTED_NOTE.NOT_YOUTH_OFFICE_CASEWORKER');
      return cell.granted.has('youth_welfare')
        ? permittedWith(response, 400, 'ENTRUSTED_NOTE.INVALID')
        : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/contacts': {
    refused: '404, or 403 when the case is visible',
    needs: /^read contacts$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/contacts`).set(auth);
      return cell.granted.has('contacts') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/contacts': {
    refused: '404, or 403 when the case is visible',
    needs: /^record contacts$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/contacts`)
        .set(auth)
        .send({ kind: 'office', occurredAt: '2999-01-01T10:00:00Z', durationMinutes: 30 });
      return cell.granted.has('contacts') ? permittedWith(response, 400, 'CONTACT.INVALID') : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/contacts/{contactId}/corrections': {
    refused: '404, or 403 when the case is visible',
    needs: /^record contacts$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/contacts/${randomUUID()}/corrections`)
        .set(auth)
        .send({ durationMinutes: 30, reason: 'probe' });
      return cell.granted.has('contacts') ? permittedWith(response, 404, 'CONTACT.NOT_FOUND') : refusal(cell, response);
    },
  },
  // The matrix cases have no referrals and its partner directory no partners: rule referral grants
  // nothing here, so every cell follows the team and consent rules; the referral e2e covers the rule.
  // The probe names purpose coordination: under any other declared purpose the referral is refused
  // for its purpose (403), under coordination it reaches the partner check.
  'POST /api/cases/{id}/referrals': {
    refused: '404, or 403 when the case is visible',
    needs:
      /^record referrals on the team or consent rule, for the declared purpose and categories the actor reads; a directory partner serving it$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/referrals`)
        .set(auth)
        .send({
          partnerAgencyId: 'a-elsewhere',
          purpose: 'coordination',
          sharedCategories: ['identity'],
          reason: 'probe',
        });
      if (!cell.granted.has('referrals')) return refusal(cell, response);
      return cell.purpose === 'coordination'
        ? permittedWith(response, 400, 'REFERRAL.UNKNOWN_PARTNER')
        : permittedWith(response, 403, 'REFERRAL.PURPOSE_NOT_DECLARED');
    },
  },
  'GET /api/cases/{id}/referrals': {
    refused: '404, or 403 when the case is visible',
    needs: /^read referrals \(granted by rule referral alone: only the referrals to the actor's agency\)$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/referrals`).set(auth);
      return cell.granted.has('referrals') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/referrals/{referralId}': {
    refused: '404, or 403 when the case is visible',
    needs: /^read referrals \(granted by rule referral alone: only the referrals to the actor's agency\)$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/referrals/${randomUUID()}`).set(auth);
      return cell.granted.has('referrals')
        ? permittedWith(response, 404, 'REFERRAL.NOT_FOUND')
        : refusal(cell, response);
    },
  },
  ...Object.fromEntries(
    (
      [
        ['accept', {}],
        ['decline', { reason: 'no_capacity' }],
        ['plan-appointment', { appointmentAt: '2026-01-01T10:00:00Z' }],
        ['first-appointment', { appointmentAt: '2026-01-01T10:00:00Z' }],
        ['complete', { attended: true, goalReached: true }],
        ['cancel', { reason: 'other' }],
      ] as const
    ).map(([step, body]) => [
      `POST /api/cases/{id}/referrals/{referralId}/${step}`,
      {
        refused: '404, or 403 when the case is visible',
        needs:
          step === 'cancel'
            ? /^record referrals, and the actor is of the referring agency$/
            : /^record referrals, and the actor is of the referral's partner agency$/,
        cell: async (t: TestApp, cell: Cell, auth: Record<string, string>) => {
          const response = await t.http
            .post(`/api/cases/${cell.caseId}/referrals/${randomUUID()}/${step}`)
            .set(auth)
            .send(body);
          return cell.granted.has('referrals')
            ? permittedWith(response, 404, 'REFERRAL.NOT_FOUND')
            : refusal(cell, response);
        },
      },
    ]),
  ),
  'GET /api/referrals': {
    refused: '–',
    needs: /^lists the referrals to the actor's agency of which the actor may read `referrals`$/,
    perActor: async (t, _actor, _purpose, auth) => {
      const response = await t.http.get('/api/referrals').set(auth);
      return (
        permittedWith(response, 200) ??
        (JSON.stringify(response.body) === '{"items":[],"nextOffset":null,"hiddenByPurpose":[]}' ? null : 'not empty')
      );
    },
  },
  // The agency's own record, read from the referral read model: no case is asked. The matrix directory
  // has no partners and its cases no referrals, so every permitted answer is an empty record.
  'GET /api/referrals/record': {
    refused: '403',
    needs:
      /^the agency's own record of referrals received for the declared purpose; roles of rule referral; no evaluation, audit, child_protection$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http.get('/api/referrals/record?status=completed').set(auth);
      if (actor.role === 'data_protection_officer' || ['evaluation', 'audit', 'child_protection'].includes(purpose))
        return permittedWith(response, 403, 'ACCESS.DENIED');
      const body = response.body as { items?: unknown[]; hiddenByPurpose?: unknown[] };
      return (
        permittedWith(response, 200) ??
        (body.items?.length === 0 && body.hiddenByPurpose?.length === 0 ? null : 'not empty')
      );
    },
  },
  'POST /api/cases/{id}/aftercare': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/aftercare`)
        .set(auth)
        .send({ followUps: ['2000-01-01'] });
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 400, 'CASE.INVALID_LIFECYCLE_STEP')
        : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/closure': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      // A stale If-Match: refused after the policy check, so the case stays active.
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/closure`)
        .set(auth)
        .set('if-match', '"999999"')
        .send({ exitReason: 'other' });
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 412, 'REQUEST.PRECONDITION_FAILED')
        : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/reopening': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.post(`/api/cases/${cell.caseId}/reopening`).set(auth).send({ reason: 'probe' });
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 409, 'CASE.ILLEGAL_TRANSITION')
        : refusal(cell, response);
    },
  },
  'POST /api/cases/{id}/progress-assessments': {
    refused: '404, or 403 when the case is visible',
    needs: /^record progress$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/progress-assessments`)
        .set(auth)
        .send({ perspective: 'coach', ratings: { housing: 3 }, assessedAt: '2999-01-01T10:00:00Z' });
      return cell.granted.has('progress') ? permittedWith(response, 400, 'PROGRESS.INVALID') : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/progress': {
    refused: '404, or 403 when the case is visible',
    needs: /^read progress$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/progress`).set(auth);
      return cell.granted.has('progress') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  // The matrix cases have no plan and no conference: a permitted write fails in the domain.
  'POST /api/cases/{id}/plan/versions': {
    refused: '404, or 403 when the case is visible',
    needs: /^record plan$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/plan/versions`)
        .set(auth)
        .send({
          legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
          goals: [{ goalId: 'g1', lifeArea: 'work', text: 'probe' }],
          steps: [{ stepId: 's1', goalId: 'g1', action: 'probe', responsible: 'participant', dueDate: '2000-01-01' }],
        });
      return cell.granted.has('plan') ? permittedWith(response, 400, 'PLAN.INVALID') : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/plan': {
    refused: '404, or 403 when the case is visible',
    needs: /^read plan$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/plan`).set(auth);
      return cell.granted.has('plan') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/plan/versions/{version}': {
    refused: '404, or 403 when the case is visible',
    needs: /^read plan$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/plan/versions/1`).set(auth);
      return cell.granted.has('plan') ? permittedWith(response, 404, 'PLAN.NOT_FOUND') : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/plan/diff': {
    refused: '404, or 403 when the case is visible',
    needs: /^read plan$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/plan/diff?from=1&to=2`).set(auth);
      return cell.granted.has('plan') ? permittedWith(response, 400, 'PLAN.INVALID') : refusal(cell, response);
    },
  },
  ...Object.fromEntries(
    (
      [
        ['versions/{version}/agreement', 'versions/1/agreement', { form: 'written' }],
        ['steps/{stepId}/completion', 'steps/s1/completion', undefined],
        ['dispute', 'dispute', { version: 1, reason: 'probe' }],
        ['mediation', 'mediation', undefined],
        ['mediation/conclusion', 'mediation/conclusion', { outcome: 'withdrawn' }],
      ] as const
    ).map(([route, path, body]) => [
      `POST /api/cases/{id}/plan/${route}`,
      {
        refused: '404, or 403 when the case is visible',
        needs: /^record plan$/,
        cell: async (t: TestApp, cell: Cell, auth: Record<string, string>) => {
          const response = await t.http.post(`/api/cases/${cell.caseId}/plan/${path}`).set(auth).send(body);
          return cell.granted.has('plan') ? permittedWith(response, 404, 'PLAN.NOT_FOUND') : refusal(cell, response);
        },
      },
    ]),
  ),
  'POST /api/cases/{id}/conferences': {
    refused: '404, or 403 when the case is visible',
    needs: /^record case_admin, and the actor is of the lead agency$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/conferences`)
        .set(auth)
        .send({
          topic: 'probe',
          invitedAgencyIds: ['a-nowhere'],
          plannedFor: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        });
      return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
        ? permittedWith(response, 400, 'CONFERENCE.UNKNOWN_AGENCY')
        : refusal(cell, response);
    },
  },
  'GET /api/cases/{id}/conferences': {
    refused: '404, or 403 when the case is visible',
    needs: /^read case_admin$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/conferences`).set(auth);
      return cell.granted.has('case_admin') ? permittedWith(response, 200) : refusal(cell, response);
    },
  },
  ...Object.fromEntries(
    (
      [
        ['agreement', { agreed: true, form: 'written' }],
        [
          'minutes',
          {
            heldAt: '2020-01-01T10:00:00Z',
            attendees: [{ agencyId: LEAD, userIds: ['lead.cw'] }],
            sharedCategories: [],
            decisions: [],
          },
        ],
      ] as const
    ).map(([step, body]) => [
      `POST /api/cases/{id}/conferences/{conferenceId}/${step}`,
      {
        refused: '404, or 403 when the case is visible',
        needs: /^record case_admin, and the actor is of the lead agency$/,
        cell: async (t: TestApp, cell: Cell, auth: Record<string, string>) => {
          const response = await t.http
            .post(`/api/cases/${cell.caseId}/conferences/${randomUUID()}/${step}`)
            .set(auth)
            .send(body);
          return cell.granted.has('case_admin') && cell.actor.agencyId === LEAD
            ? permittedWith(response, 404, 'CONFERENCE.NOT_FOUND')
            : refusal(cell, response);
        },
      },
    ]),
  ),
  // No case id in the path: the access follows the invitation, not the case team, so it is probed per
  // actor and purpose against one conference (no agreement recorded: every invitee sees the pseudonym).
  'GET /api/conferences/{conferenceId}': {
    refused: "404, or 403 when the actor's agency is invited",
    needs:
      /^staff of an invited agency, every role but data_protection_officer, purpose case_conference; no team membership needed$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http.get(`/api/conferences/${await conferenceForProbe(t)}`).set(auth);
      if (NOT_INVITED.includes(actor.agencyType)) return permittedWith(response, 404, 'CONFERENCE.NOT_FOUND');
      if (actor.role === 'data_protection_officer' || purpose !== 'case_conference')
        return permittedWith(response, 403, 'ACCESS.DENIED');
      const body = response.body as { identified?: boolean; caseId?: string };
      return (
        permittedWith(response, 200) ?? (body.identified === false && body.caseId === undefined ? null : 'identified')
      );
    },
  },
  // The invitations follow the conference rows, like the invitee's view: the probe conference invites
  // every agency type but NOT_INVITED, pseudonymised (no agreement recorded).
  'GET /api/conferences/invitations': {
    refused: '403',
    needs:
      /^invited agency's staff, every role but data_protection_officer, purpose case_conference; each conference as the invitee's view decides$/,
    perActor: async (t, actor, purpose, auth) => {
      const conferenceId = await conferenceForProbe(t);
      const response = await t.http.get('/api/conferences/invitations').set(auth);
      if (actor.role === 'data_protection_officer' || purpose !== 'case_conference')
        return permittedWith(response, 403, 'ACCESS.DENIED');
      const failure = permittedWith(response, 200);
      if (failure) return failure;
      const items = (response.body as { items: { id: string; identified: boolean; caseId?: string }[] }).items;
      if (NOT_INVITED.includes(actor.agencyType))
        return items.length === 0 ? null : 'lists a conference not invited to';
      return items.length === 1 && items[0]?.id === conferenceId && !items[0].identified && !items[0].caseId
        ? null
        : `expected the probe conference pseudonymised, got ${JSON.stringify(items)}`;
    },
  },
  'POST /api/cases/{id}/child-protection-declarations': {
    refused: '403',
    needs:
      /^role caseworker of a youth_office, purpose child_protection, a justification of at least 20 characters; the case exists$/,
    cell: async (t, cell, auth) => {
      const response = await t.http
        .post(`/api/cases/${cell.caseId}/child-protection-declarations`)
        .set(auth)
        .send({ justification: 'zu kurz' });
      const may =
        cell.actor.role === 'caseworker' &&
        cell.actor.agencyType === 'youth_office' &&
        cell.purpose === 'child_protection';
      return may
        ? permittedWith(response, 400, 'CHILD_PROTECTION.JUSTIFICATION_REQUIRED')
        : permittedWith(response, 403);
    },
  },
  'GET /api/child-protection-declarations': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http.get('/api/child-protection-declarations').set(auth);
      return actor.role === 'data_protection_officer' && purpose === 'audit'
        ? permittedWith(response, 200)
        : permittedWith(response, 403);
    },
  },
  'GET /api/cases/{id}/access-report': {
    refused: '404, or 403 when the case is visible or the actor is a data_protection_officer',
    needs:
      /^role data_protection_officer with purpose audit, or a caseworker or team_lead of the lead agency who reads case_admin on the team rule$/,
    cell: async (t, cell, auth) => {
      const response = await t.http.get(`/api/cases/${cell.caseId}/access-report`).set(auth);
      const { actor, purpose } = cell;
      if (actor.role === 'data_protection_officer') return permittedWith(response, purpose === 'audit' ? 200 : 403);
      const leadTeam =
        ['caseworker', 'team_lead'].includes(actor.role) &&
        actor.agencyId === LEAD &&
        cell.rules.get('case_admin') === 'team';
      if (leadTeam) return permittedWith(response, 200);
      // On a restricted case the lead team reads case_admin on no rule: the report is refused as to anyone
      // off the lead team (ACCESS.DENIED), not as a restricted category.
      return cell.state === 'restricted' ? permittedWith(response, cell.visible ? 403 : 404) : refusal(cell, response);
    },
  },
  'GET /api/audit/entries': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/entries?limit=1').set(auth)),
  },
  'POST /api/audit/checkpoints': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.post('/api/audit/checkpoints').set(auth), 201),
  },
  'GET /api/audit/checkpoints/latest': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/checkpoints/latest').set(auth), 200, true),
  },
  'GET /api/audit/proofs/inclusion': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/proofs/inclusion?index=0').set(auth)),
  },
  'GET /api/audit/proofs/consistency': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/proofs/consistency?from=1').set(auth)),
  },
  'GET /api/audit/verify': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/verify').set(auth)),
  },
  'GET /api/audit/export': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/export').set(auth)),
  },
  'GET /api/audit/signals': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/signals').set(auth)),
  },
  'GET /api/dpo/records-of-processing': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/dpo/records-of-processing').set(auth)),
  },
  'GET /api/dpo/retention/due': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/dpo/retention/due?within=P30D').set(auth)),
  },
  'POST /api/cases/{id}/retention-hold': {
    refused: RESTRICTION_REFUSED,
    needs: RETENTION_NEEDS,
    perActor: retentionProbe(
      (c) => `/api/cases/${c.held}/retention-hold`,
      { reason: 'other' },
      'CASE.RETENTION_HOLD_EXISTS',
    ),
  },
  'POST /api/cases/{id}/retention-hold/release': {
    refused: RESTRICTION_REFUSED,
    needs: RETENTION_NEEDS,
    perActor: retentionProbe((c) => `/api/cases/${c.plain}/retention-hold/release`, {}, 'CASE.NO_RETENTION_HOLD'),
  },
  'POST /api/cases/{id}/archive-answer': {
    refused: RESTRICTION_REFUSED,
    needs: RETENTION_NEEDS,
    perActor: retentionProbe(
      (c) => `/api/cases/${c.plain}/archive-answer`,
      { answer: 'taken' },
      'CASE.ARCHIVE_OFFER_STATE',
    ),
  },
  // A deferral of a case that does not exist: refused (403) to everyone but the DPO, who gets 404 and changes nothing.
  'PUT /api/audit/deferrals/{caseId}': {
    refused: '403, 404',
    needs:
      /^role data_protection_officer, purpose audit; the case exists \(404 otherwise\); a reason code of the law \(docs\/decisions\.md\)$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http
        .put(`/api/audit/deferrals/${randomUUID()}`)
        .set(auth)
        .send({ releaseAt: null, reason: 'child_protection_8a' });
      if (actor.role !== 'data_protection_officer' || purpose !== 'audit') return permittedWith(response, 403);
      return permittedWith(response, 404, 'CASE.NOT_FOUND');
    },
  },
  'POST /api/cases/{id}/restriction': {
    refused: RESTRICTION_REFUSED,
    needs: RESTRICTION_NEEDS,
    perActor: restrictionProbe(
      (c) => `/api/cases/${c.marked}/restriction`,
      { scope: 'case', reason: 'legal_claims' },
      'CASE.ALREADY_RESTRICTED',
    ),
  },
  'POST /api/cases/{id}/restriction/lifting': {
    refused: RESTRICTION_REFUSED,
    needs: RESTRICTION_NEEDS,
    perActor: restrictionProbe((c) => `/api/cases/${c.plain}/restriction/lifting`, {}, 'CASE.NOT_RESTRICTED'),
  },
  'POST /api/cases/{id}/accuracy-dispute': {
    refused: RESTRICTION_REFUSED,
    needs: RESTRICTION_NEEDS,
    perActor: restrictionProbe((c) => `/api/cases/${c.marked}/accuracy-dispute`, {}, 'CASE.ACCURACY_ALREADY_DISPUTED'),
  },
  'POST /api/cases/{id}/accuracy-dispute/resolution': {
    refused: RESTRICTION_REFUSED,
    needs: RESTRICTION_NEEDS,
    perActor: restrictionProbe(
      (c) => `/api/cases/${c.plain}/accuracy-dispute/resolution`,
      {},
      'CASE.ACCURACY_NOT_DISPUTED',
    ),
  },
  // Nobody of the matrix is on the probe case's team: those who see the case are refused 403, the
  // lead agency's officer (who decides) 403 ERASURE.DPO_ONLY, the others 404.
  'POST /api/cases/{id}/erasure-requests': {
    refused: '404, or 403 (ACCESS.DENIED, ERASURE.DPO_ONLY) when the case is visible',
    needs:
      /^caseworker or team_lead on the case team who sees the case \(records the person's request, Art\. 17 GDPR\); the lead agency's DPO is refused: she decides it$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http
        .post(`/api/cases/${(await erasureProbeCases(t)).open}/erasure-requests`)
        .set(auth)
        .send({ scope: 'case' });
      if (isLeadDpo(actor, purpose)) return permittedWith(response, 403, 'ERASURE.DPO_ONLY');
      if (actor.role === 'data_protection_officer') return permittedWith(response, 404, 'CASE.NOT_FOUND');
      return grantedByTable(actor, 'none', purpose).size > 0
        ? permittedWith(response, 403, 'ACCESS.DENIED')
        : permittedWith(response, 404, 'CASE.NOT_FOUND');
    },
  },
  'POST /api/cases/{id}/erasure-requests/{requestId}/decision': {
    refused: '404, or 403 ERASURE.DPO_ONLY when the case is visible',
    needs:
      /^role data_protection_officer of the lead agency, purpose audit \(Art\. 17 GDPR, § 84 SGB X\); granted erases at once, restricted_instead restricts$/,
    perActor: async (t, actor, purpose, auth) => {
      const { decided, requestId } = await erasureProbeCases(t);
      const response = await t.http
        .post(`/api/cases/${decided}/erasure-requests/${requestId}/decision`)
        .set(auth)
        .send({ decision: 'refused_retention_duty', reason: 'retention_duty', retentionClass: 'sgb2-file' });
      if (isLeadDpo(actor, purpose)) return permittedWith(response, 409, 'ERASURE.REQUEST_ALREADY_DECIDED');
      if (actor.role === 'data_protection_officer') return permittedWith(response, 404, 'CASE.NOT_FOUND');
      return grantedByTable(actor, 'none', purpose).size > 0
        ? permittedWith(response, 403, 'ERASURE.DPO_ONLY')
        : permittedWith(response, 404, 'CASE.NOT_FOUND');
    },
  },
  'GET /api/dpo/erasure-requests': {
    refused: '403',
    needs:
      /^role data_protection_officer, purpose audit; the open \(and granted, not yet executed\) requests of cases her agency leads$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/dpo/erasure-requests').set(auth)),
  },
  'POST /api/me/cases/{id}/erasure-requests': {
    refused: '404 (any other case)',
    needs: /^participant bound to the case \(Art\. 17 GDPR: her own request; a scope and a coded ground, no text\)$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.post(`/api/me/cases/${randomUUID()}/erasure-requests`).set(auth).send({ scope: 'case' }),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  'GET /api/me/cases/{id}/erasure-requests': {
    refused: '404 (any other case)',
    needs: /^participant bound to the case; her requests with their decision, reason and confirmation$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.get(`/api/me/cases/${randomUUID()}/erasure-requests`).set(auth),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  'GET /api/audit/deferrals': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/deferrals').set(auth)),
  },
  'GET /api/audit/questions': {
    refused: '403',
    needs: /^role data_protection_officer, purpose audit$/,
    perActor: async (t, actor, purpose, auth) =>
      dpoProbe(actor, purpose, await t.http.get('/api/audit/questions').set(auth)),
  },
  // A question nobody asked: 403 to everyone but the DPO, who gets 404.
  'POST /api/audit/questions/{questionId}/answer': {
    refused: '403, 404, 409',
    needs: /^role data_protection_officer, purpose audit; the question exists and is unanswered$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http
        .post(`/api/audit/questions/${randomUUID()}/answer`)
        .set(auth)
        .send({ text: 'Antwort' });
      if (actor.role !== 'data_protection_officer' || purpose !== 'audit') return permittedWith(response, 403);
      return permittedWith(response, 404, 'QUESTION.NOT_FOUND');
    },
  },
  // Participants only: every staff actor, whatever its purpose, is refused before any case is looked up.
  'GET /api/me/cases/{id}/accesses': {
    refused: '404 (any other case)',
    needs: /^participant bound to the case \(no purpose\); accesses held back by the DPO are left out$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(await t.http.get(`/api/me/cases/${randomUUID()}/accesses`).set(auth), 403, 'AUTH.PARTICIPANT_ONLY'),
  },
  'POST /api/me/cases/{id}/questions': {
    refused: '404',
    needs: /^participant bound to the case; the access is one they can see in it$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.post(`/api/me/cases/${randomUUID()}/questions`).set(auth).send({ accessIndex: 0, text: 'Wer?' }),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  'GET /api/me/cases/{id}/questions': {
    refused: '404 (any other case)',
    needs: /^participant bound to the case$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.get(`/api/me/cases/${randomUUID()}/questions`).set(auth),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  // No single case: figures over the cases of the actor's own agency, never a category of a case.
  'GET /api/evaluation/figures': {
    refused: '403',
    needs:
      /^role caseworker or team_lead, purpose evaluation; anonymised figures over the cases the actor's agency leads$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http.get('/api/evaluation/figures').set(auth);
      if (!['caseworker', 'team_lead'].includes(actor.role) || purpose !== 'evaluation')
        return permittedWith(response, 403, 'ACCESS.DENIED');
      const scope = (response.body as { scope?: { leadAgencyId?: string } }).scope;
      return permittedWith(response, 200) ?? (scope?.leadAgencyId === actor.agencyId ? null : 'wrong scope');
    },
  },
  // No case data: every actor, whatever purpose it declares. The matrix directory has no partners.
  'GET /api/partners': {
    refused: '–',
    needs: /^any signed-in actor, every role; no purpose needed \(the partner directory holds no case data\)$/,
    perActor: async (t, _actor, _purpose, auth) => {
      const response = await t.http.get('/api/partners?service=debt_counselling').set(auth);
      return permittedWith(response, 200) ?? (JSON.stringify(response.body) === '{"items":[]}' ? null : 'not empty');
    },
  },
  'GET /api/partners/{agencyId}': {
    refused: '–',
    needs: /^any signed-in actor, every role; no purpose needed \(the partner directory holds no case data\)$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(await t.http.get('/api/partners/a-elsewhere').set(auth), 404, 'PARTNER.NOT_FOUND'),
  },
  // Team leads see their own agency's cases (the matrix's cases are all led by LEAD), nobody else anything.
  'GET /api/team/signals': {
    refused: '403',
    needs:
      /^role team_lead, purpose coordination; the cases of the actor's own agency, whether or not the actor is on their teams$/,
    perActor: async (t, actor, purpose, auth) => {
      const response = await t.http.get('/api/team/signals').set(auth);
      const may =
        actor.role === 'team_lead' && purpose === 'coordination' && table.statutory[actor.agencyType].includes(purpose);
      if (!may) return permittedWith(response, 403, 'ACCESS.DENIED');
      const failure = permittedWith(response, 200);
      if (failure) return failure;
      const coaches = (response.body as { caseload: { coachUserId: string }[] }).caseload.map((c) => c.coachUserId);
      if (actor.agencyId === LEAD)
        return coaches.includes('lead.cw') ? null : `caseload without lead.cw: ${coaches.join(', ')}`;
      return coaches.length === 0 ? null : `caseload of another agency: ${coaches.join(', ')}`;
    },
  },
  'POST /api/dev/token': { needs: /^public/ },
  'GET /api/session/config': { needs: /^public/ },
  'GET /api/audit/checkpoint-key': { needs: /^public/ },
  // Participants only: every staff actor, whatever its purpose, is refused before any case is looked up.
  'GET /api/me/cases/{id}/accesses/{index}/proof': {
    refused: '404 (any other case or entry)',
    needs:
      /^participant bound to the case; the access is one the access list shows now \(not held back\); may sign a checkpoint$/,
    perActor: async (t, _actor, _purpose, auth) =>
      permittedWith(
        await t.http.get(`/api/me/cases/${randomUUID()}/accesses/0/proof`).set(auth),
        403,
        'AUTH.PARTICIPANT_ONLY',
      ),
  },
  // Who the caller is and the purposes the policy lets them declare (declarablePurposes): every actor,
  // whatever purpose it declares; the DPO is offered audit alone.
  'GET /api/session': {
    refused: '–',
    needs:
      /^any signed-in actor, every role; no purpose needed \(who the caller is and the purposes the policy lets them declare — no case data\)$/,
    perActor: async (t, actor, _purpose, auth) => {
      const response = await t.http.get('/api/session').set(auth);
      const body = response.body as { userId?: string; purposes?: { purpose: string }[] };
      const offered = (body.purposes ?? []).map((p) => p.purpose);
      const dpo = actor.role === 'data_protection_officer';
      return (
        permittedWith(response, 200) ??
        (body.userId !== actor.userId
          ? `another user: ${String(body.userId)}`
          : dpo !== (offered.length === 1 && offered[0] === 'audit') || (!dpo && offered.includes('audit'))
            ? `purposes ${offered.join(', ')}`
            : null)
      );
    },
  },
  'GET /api/docs': { needs: /^public$/ },
  'GET /api/docs-json': { needs: /^public$/ },
  'GET /api/health/live': { needs: /^public/ },
  'GET /api/health/ready': { needs: /^public/ },
  'GET /api/metrics': { needs: /^public/ },
};

const inBatches = async <T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> => {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
};

/**
 * One part of the matrix: the actors are dealt round-robin into `parts` parts, each run by its own
 * spec file, so that jest runs them side by side (the cells of one actor never depend on another's).
 * Part 1 also checks that the table and the served routes match.
 */
export const describeAccessMatrix = (part: number, parts: number): void =>
  describe(`authorization matrix from docs/access-policy.md, part ${part} of ${parts}`, () => {
    const partActors = actors.filter((_, index) => index % parts === part - 1);
    let t: TestApp;
    const realNow = clock.now;
    beforeAll(async () => {
      t = await startTestApp('sqlite', { identity: { profile: 'embedded', directory } });
    });
    afterAll(async () => {
      clock.now = realNow;
      await t.close();
    });

    if (part === 1)
      it('has a row for every route of the API and a probe for every row', async () => {
        const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
          paths: Record<string, Record<string, unknown>>;
        };
        const served = Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
        );
        const rows = table.routes.map((r) => `${r.method} ${r.route}`);
        expect(served.filter((route) => !rows.includes(route))).toEqual([]);
        expect(rows.filter((row) => !probes[row])).toEqual([]);
        for (const row of table.routes) {
          const probe = probes[`${row.method} ${row.route}`];
          expect(row.needs).toMatch(probe?.needs ?? /^$/);
          if (probe?.refused) expect(`${row.route}: ${row.refusal}`).toBe(`${row.route}: ${probe.refused}`);
        }
      });

    it('answers every cell as the table says', async () => {
      const lead = { authorization: `Bearer ${await t.token('lead.cw')}`, 'x-purpose': 'integration' };
      const dpo = {
        authorization: `Bearer ${await t.token(`data_protection_officer@${LEAD_TYPE}`)}`,
        'x-purpose': 'audit',
      };
      const tokens = new Map<string, string>();
      await inBatches(partActors, 8, async (a) => void tokens.set(a.userId, await t.token(a.userId)));
      const today = new Date().toISOString().slice(0, 10);

      const openCase = async (actor: MatrixActor, state: ConsentState, purposeForOther?: Purpose): Promise<string> => {
        const id = (
          (await t.http.post('/api/cases').set(lead).send({ participant }).expect(201)).body as { id: string }
        ).id;
        if (onTeamIn(actor, state))
          await t.http.post(`/api/cases/${id}/team-members`).set(lead).send({ userId: actor.userId }).expect(201);
        if (state === 'none') return id;
        const purposes = state === 'other_purpose' ? CONSENTABLE.filter((p) => p !== purposeForOther) : CONSENTABLE;
        const consent = await t.http
          .post(`/api/cases/${id}/consents`)
          .set(lead)
          .send({
            purposes,
            dataCategories: DATA_CATEGORIES,
            recipientAgencyIds: [actor.agencyId],
            form: 'written',
            grantedBy: 'participant',
            ...(state === 'expired' ? { validUntil: today } : {}),
          })
          .expect(201);
        if (state === 'restricted')
          await t.http
            .post(`/api/cases/${id}/restriction`)
            .set(dpo)
            .send({ scope: 'case', reason: 'erasure_barred_by_retention' })
            .expect(201);
        if (state === 'withdrawn')
          await t.http
            .post(`/api/cases/${id}/consents/${(consent.body as { id: string }).id}/withdrawal`)
            .set(lead)
            .expect(201);
        return id;
      };

      const cells: Cell[] = [];
      await inBatches(partActors, 4, async (actor) => {
        for (const state of CONSENT_STATES) {
          const shared = state === 'other_purpose' ? undefined : await openCase(actor, state);
          for (const purpose of PURPOSES) {
            const caseId = shared ?? (await openCase(actor, state, purpose));
            const wouldGrant = grantedByTable(actor, state, purpose);
            const { rules, visible } =
              state === 'restricted'
                ? restrictedByTable(actor, purpose, wouldGrant)
                : { rules: wouldGrant, visible: wouldGrant.size > 0 };
            cells.push({
              actor,
              state,
              purpose,
              caseId,
              granted: new Set(rules.keys()),
              visible,
              rules,
              wouldGrant: new Set(wouldGrant.keys()),
            });
          }
        }
      });

      // Two days on: the consents valid until today have expired.
      clock.now = () => new Date(Date.now() + 2 * 86_400_000);
      const failures: string[] = [];
      let checked = 0;
      const cellProbes = Object.entries(probes).filter(([, p]) => p.cell);
      // Routes with the same requirement share the oracle: the first of each requirement is probed in
      // every cell, each further one in a rotating share of the cells (1 in SHARE), so every cell still
      // meets every requirement and every route meets every actor, state and purpose in some cell.
      const SHARE = 3;
      const firstOfNeeds = new Map<string, string>();
      const sibling = new Map<string, number>();
      for (const [route, probe] of cellProbes) {
        const needs = probe.needs.source;
        if (!firstOfNeeds.has(needs)) firstOfNeeds.set(needs, route);
        else sibling.set(route, [...sibling.keys()].length);
      }
      const probedIn = (route: string, index: number): boolean => {
        const position = sibling.get(route);
        return position === undefined || (index + position) % SHARE === 0;
      };
      let expectedCellChecks = 0;
      cells.forEach((_, index) => {
        expectedCellChecks += cellProbes.filter(([route]) => probedIn(route, index)).length;
      });
      await inBatches(
        cells.map((cell, index) => ({ cell, index })),
        16,
        async ({ cell, index }) => {
          const auth = { authorization: `Bearer ${tokens.get(cell.actor.userId)}`, 'x-purpose': cell.purpose };
          for (const [route, probe] of cellProbes) {
            if (!probedIn(route, index)) continue;
            // A `record` requirement is held to what the actor may record: read-only rules grant no write.
            const recordable = new Set([...cell.rules].filter(([, r]) => !READ_ONLY_RULES.includes(r)).map(([c]) => c));
            const failure = await probe.cell!(
              t,
              probe.needs.source.startsWith('^record') ? { ...cell, granted: recordable } : cell,
              auth,
            );
            checked++;
            if (failure)
              failures.push(
                `${route} as ${cell.actor.userId}, consent ${cell.state}, purpose ${cell.purpose}: ${failure}`,
              );
          }
        },
      );
      const actorProbes = Object.entries(probes).filter(([, p]) => p.perActor);
      await inBatches(partActors, 8, async (actor) => {
        for (const purpose of PURPOSES) {
          const auth = { authorization: `Bearer ${tokens.get(actor.userId)}`, 'x-purpose': purpose };
          for (const [route, probe] of actorProbes) {
            const failure = await probe.perActor!(t, actor, purpose, auth);
            checked++;
            if (failure) failures.push(`${route} as ${actor.userId}, purpose ${purpose}: ${failure}`);
          }
        }
      });

      expect(failures.slice(0, 20)).toEqual([]);
      expect(checked).toBe(expectedCellChecks + partActors.length * PURPOSES.length * actorProbes.length);
      expect(cells.length).toBe(partActors.length * CONSENT_STATES.length * PURPOSES.length);
      // The matrix is not trivially one-sided.
      expect(cells.filter((c) => c.granted.size > 0).length).toBeGreaterThan(100 / parts);
      expect(cells.filter((c) => c.granted.size === 0).length).toBeGreaterThan(100 / parts);
    }, 900_000);
  });
