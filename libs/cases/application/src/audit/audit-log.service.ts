import { type Writable } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { agencyRevealsTo, formatLegalBasis, mayDisclose, purposeReveals } from '@fallverbund/access-policy';
import {
  type AuditEntry,
  type AuditLogStore,
  type AuditRecord,
  type AuditSearch,
  type AuditSearchPage,
  type Checkpoint,
  CheckpointSigner,
  exportLog,
  type LogVerdict,
  ProofRangeError,
  proveInclusion,
  verifyLog,
} from '@fallverbund/audit-log';
import { toHex } from '@fallverbund/audit-merkle';
import { type CaseEvent, CaseNotFoundError, caseStreamId, type ParticipantIdentity } from '@fallverbund/cases-domain';
import { Directory } from '@fallverbund/identity';
import { DomainError, isDataCategory } from '@fallverbund/kernel';
import { AgencyProfiles } from '../disclosure/agency-profiles';
import { DataSource } from 'typeorm';
import { AccessDeniedError, accessFor, factsFromSummary } from '../cases/case-access';
import { CaseSummary } from '../cases/case-read-model.entities';
import { type RequestContext } from '../cases/request-context';
import { type Persistence } from '../persistence/persistence';
import { PERSISTENCE } from '../persistence/persistence.tokens';
import {
  type AccessReport,
  buildAccessReport,
  notificationsOf,
  type ReportedConsent,
  type ReportSubject,
} from './access-report';
import { type AccessSignal, detectSignals, ownWorkIn } from './access-signals';
import { AUDIT_CONFIG } from './audit.tokens';
import { type AuditConfig } from './audit.config';
import { assertDpoAccess, AuditTrail, auditEntry, DPO_BASIS, syncedLog } from './audit-trail';

export class AuditRangeError extends DomainError {
  readonly code = 'AUDIT.OUT_OF_RANGE';
  readonly kind = 'invalid';
}

export class NoCheckpointError extends DomainError {
  readonly code = 'AUDIT.NO_CHECKPOINT';
  readonly kind = 'not_found';
}

const REPORT_BASIS = 'Art. 15 GDPR, § 83 SGB X: access report for the participant';
/** How many entries one signals request may scan; a longer stretch answers `truncated`. */
const SIGNAL_SCAN_LIMIT = 500_000;
const PAGE = 1_000;

export interface SearchResult {
  readonly items: readonly { index: number; entry: AuditEntry; leafHash: string }[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

export type VerifyResult = LogVerdict & {
  /** The newest checkpoint, if the log was checked against it. */
  readonly checkpoint: Checkpoint | null;
  readonly checkpointChecked: boolean;
};

/**
 * The configured signing key did not sign the newest checkpoint in the database: a restore with
 * another key (or none, which in the embedded profile makes a new one) would otherwise go on signing
 * under a key the stored checkpoints do not name, and `verify` would no longer check them.
 */
export class AuditSigningKeyMismatchError extends Error {
  readonly code = 'AUDIT.SIGNING_KEY_MISMATCH';
  constructor(checkpoint: Checkpoint, configuredKeyId: string) {
    super(
      `AUDIT_SIGNING_KEY_FILE: the newest audit checkpoint (tree size ${checkpoint.treeSize}, ${checkpoint.issuedAt}) ` +
        `was signed by key ${checkpoint.keyId}, but the configured key is ${configuredKeyId}. ` +
        'Configure the signing key that belongs to this database (after a restore: the one saved with its backup), ' +
        `or, to replace the key on purpose, set AUDIT_SIGNING_KEY_PREVIOUS_KEY_ID=${checkpoint.keyId}.`,
    );
    this.name = 'AuditSigningKeyMismatchError';
  }
}

/** Signs a checkpoint on a timer whenever the log has grown since the last one. */
@Injectable()
export class CheckpointIssuer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CheckpointSigner) private readonly signer: CheckpointSigner,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.assertKeySignedNewestCheckpoint();
    if (this.config.checkpointIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.checkpointIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Only for a configured key: a key made for this process alone (tests) has signed nothing yet. */
  private async assertKeySignedNewestCheckpoint(): Promise<void> {
    if (!this.config.signingKeyPem) return;
    const latest = await this.persistence.audit.latestCheckpoint();
    if (!latest || latest.keyId === this.signer.keyId) return;
    if (this.config.previousKeyId !== undefined && latest.keyId === this.config.previousKeyId) {
      this.logger.warn(
        `signing key replaced: checkpoints after tree size ${latest.treeSize} use key ${this.signer.keyId}`,
      );
      return;
    }
    throw new AuditSigningKeyMismatchError(latest, this.signer.keyId);
  }

  /** Signs the current head unless the newest checkpoint already covers it. */
  async issueIfGrown(now: Date): Promise<Checkpoint | null> {
    const { audit } = this.persistence;
    const [head, latest] = await Promise.all([audit.head(), audit.latestCheckpoint()]);
    if (head.size === 0 || (latest && latest.treeSize >= head.size && latest.keyId === this.signer.keyId)) return null;
    const checkpoint = this.signer.sign(head.size, head.root, now);
    await audit.saveCheckpoint(checkpoint);
    return checkpoint;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.issueIfGrown(new Date())
      .catch((error: unknown) => this.logger.error(error instanceof Error ? error.message : String(error)))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}

/**
 * What data protection officers do with the access log, and the subject access report. Every call
 * is itself recorded, permit or deny, before it answers.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(CheckpointSigner) private readonly signer: CheckpointSigner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async search(context: RequestContext, filter: AuditSearch, page: AuditSearchPage): Promise<SearchResult> {
    await this.dpoOnly(context, 'GET /api/audit/entries', filter.caseRef ?? null);
    const records = await (await this.log()).search(filter, { ...page, limit: page.limit + 1 });
    const shown = records
      .slice(0, page.limit)
      .flatMap((r) => (r.entry ? [{ index: r.index, entry: r.entry, leafHash: r.leafHash }] : []));
    const last = shown[shown.length - 1];
    return { items: shown, next: records.length > page.limit && last ? last.index : null };
  }

  async latestCheckpoint(context: RequestContext): Promise<{ checkpoint: Checkpoint; publicKeyPem: string | null }> {
    await this.dpoOnly(context, 'GET /api/audit/checkpoints/latest', null);
    const checkpoint = await this.persistence.audit.latestCheckpoint();
    if (!checkpoint)
      throw new NoCheckpointError('no checkpoint has been signed yet; POST /api/audit/checkpoints signs one');
    return { checkpoint, publicKeyPem: checkpoint.keyId === this.signer.keyId ? this.signer.publicKeyPem : null };
  }

  async issueCheckpoint(context: RequestContext): Promise<{ checkpoint: Checkpoint; publicKeyPem: string }> {
    await this.dpoOnly(context, 'POST /api/audit/checkpoints', null, 201);
    const head = await (await this.log()).head();
    const checkpoint = this.signer.sign(head.size, head.root, context.now);
    await this.persistence.audit.saveCheckpoint(checkpoint);
    return { checkpoint, publicKeyPem: this.signer.publicKeyPem };
  }

  async inclusionProof(context: RequestContext, index: number, treeSize: number | undefined) {
    await this.dpoOnly(context, 'GET /api/audit/proofs/inclusion', null);
    try {
      return await proveInclusion(await this.log(), index, treeSize);
    } catch (error) {
      if (error instanceof ProofRangeError) throw new AuditRangeError(error.message);
      throw error;
    }
  }

  /** The checkpoint signer's public key: public, so that anyone can check a checkpoint. */
  checkpointKey(): { keyId: string; algorithm: 'Ed25519'; publicKeyPem: string } {
    return { keyId: this.signer.keyId, algorithm: 'Ed25519', publicKeyPem: this.signer.publicKeyPem };
  }

  async consistencyProof(context: RequestContext, from: number, to: number | undefined) {
    await this.dpoOnly(context, 'GET /api/audit/proofs/consistency', null);
    const audit = await this.log();
    const head = await audit.head();
    const size = to ?? head.size;
    if (size > head.size || from > size) {
      throw new AuditRangeError(`no consistency proof from ${from} to ${size} (the log holds ${head.size})`);
    }
    const [proof, fromRoot, toRoot] = await Promise.all([
      audit.consistencyProof(from, size),
      audit.root(from),
      audit.root(size),
    ]);
    return { fromSize: from, toSize: size, fromRoot: toHex(fromRoot), toRoot: toHex(toRoot), proof: proof.map(toHex) };
  }

  /**
   * Verifies the stored log from its first entry against the head and the newest checkpoint signed
   * with this server's key: the same check the offline verifier runs on an export.
   */
  async verify(context: RequestContext): Promise<VerifyResult> {
    await this.dpoOnly(context, 'GET /api/audit/verify', null);
    const audit = await this.log();
    const checkpoint = await audit.latestCheckpoint();
    const head = await audit.head();
    const checkpointChecked = checkpoint !== null && checkpoint.keyId === this.signer.keyId;
    async function* lines(): AsyncGenerator<unknown> {
      let next = 0;
      while (next < head.size) {
        const page = await audit.read(next, Math.min(PAGE, head.size - next));
        if (page.length === 0) break;
        yield* page;
        next = (page[page.length - 1] as AuditRecord).index + 1;
      }
      yield { head: { size: head.size, root: toHex(head.root) } };
    }
    const verdict = await verifyLog(
      lines(),
      checkpointChecked ? { checkpoint, publicKeyPem: this.signer.publicKeyPem } : {},
    );
    return { ...verdict, checkpoint, checkpointChecked };
  }

  /** Checks access first, then streams the NDJSON export the offline verifier reads. */
  async authorizeExport(context: RequestContext): Promise<(out: Writable) => Promise<number>> {
    await this.dpoOnly(context, 'GET /api/audit/export', null);
    const audit = await this.log();
    return (out) => exportLog(audit, out);
  }

  async signals(
    context: RequestContext,
    from: string,
    to: string,
  ): Promise<{ from: string; to: string; scanned: number; truncated: boolean; signals: AccessSignal[] }> {
    await this.dpoOnly(context, 'GET /api/audit/signals', null);
    await this.log();
    const thresholds = this.config.signals;
    // The look-back only says which cases each actor works on; it yields no signals of its own.
    const lookbackFrom = new Date(Date.parse(from) - thresholds.lookbackDays * 86_400_000).toISOString();
    const priorWork = new Set<string>();
    const lookback = await this.scan(lookbackFrom, from, SIGNAL_SCAN_LIMIT, (page) => void ownWorkIn(page, priorWork));
    const records: AuditRecord[] = [];
    const range = await this.scan(from, to, SIGNAL_SCAN_LIMIT, (page) => void records.push(...page));
    const truncated = lookback.truncated || range.truncated;
    return {
      from,
      to,
      scanned: lookback.scanned + range.scanned,
      truncated,
      signals: detectSignals(records, thresholds, priorWork),
    };
  }

  /** Pages through the log in [from, to) in index order, up to `limit` entries. */
  private async scan(
    from: string,
    to: string,
    limit: number,
    visit: (page: readonly AuditRecord[]) => void,
  ): Promise<{ scanned: number; truncated: boolean }> {
    let scanned = 0;
    let after: number | undefined;
    for (;;) {
      const page = await this.persistence.audit.search(
        { from, to },
        { order: 'asc', limit: PAGE, ...(after === undefined ? {} : { after }) },
      );
      visit(page);
      scanned += page.length;
      if (page.length < PAGE) return { scanned, truncated: false };
      after = (page[page.length - 1] as AuditRecord).index;
      if (scanned >= limit) return { scanned, truncated: true };
    }
  }

  /**
   * For the data protection officer (purpose audit) and for a caseworker or team lead of the lead
   * agency on the case team working under the team rule, who hands it to the participant.
   */
  async accessReport(context: RequestContext, caseId: string): Promise<AccessReport> {
    const route = {
      action: 'access_report',
      route: 'GET /api/cases/{id}/access-report',
      caseRef: caseId,
      categories: [],
    };
    const summary = await this.dataSource.getRepository(CaseSummary).findOneBy({ caseId });
    const { actor } = context;
    let basis: string | undefined;
    let refusal: DomainError | undefined;
    // A caseworker's copy shows the accesses whose categories and agency the policy lets the reader read.
    let disclose: ((entry: AuditEntry) => boolean) | undefined;
    if (actor.role === 'data_protection_officer') {
      if (context.purpose === 'audit' && summary) basis = DPO_BASIS;
      else
        refusal = summary
          ? new AccessDeniedError('data protection officers read access reports with purpose audit')
          : new CaseNotFoundError(caseId);
    } else {
      const access = summary ? accessFor(context, factsFromSummary(summary)) : undefined;
      const teamBasis = access?.basisFor('case_admin');
      if (!summary || !access?.visible) refusal = new CaseNotFoundError(caseId);
      else if (
        ['caseworker', 'team_lead'].includes(actor.role) &&
        actor.agencyId === summary.leadAgencyId &&
        teamBasis?.kind === 'team'
      ) {
        basis = `${REPORT_BASIS} (${formatLegalBasis(teamBasis)})`;
        disclose = (entry) =>
          mayDisclose(access, [
            ...entry.categories.filter(isDataCategory),
            ...agencyRevealsTo(actor, this.profiles.of(entry.actor.agencyId)),
            ...purposeReveals(entry.purpose),
          ]);
      } else
        refusal = new AccessDeniedError(
          "the access report goes to the lead agency's case team or the data protection officer",
        );
    }
    const status = refusal instanceof CaseNotFoundError ? 404 : 403;
    // The report names the participant it is for: opening the name is an access to identity, recorded.
    await this.trail.record([
      auditEntry(context, {
        ...route,
        ...(basis ? { categories: ['identity'] } : {}),
        legalBasis: basis ? [basis] : [],
        decision: basis ? 'permit' : 'deny',
        outcome: basis ? 200 : status,
      }),
    ]);
    if (refusal || !summary) throw refusal ?? new CaseNotFoundError(caseId);

    const audit = await this.log();
    const [head, checkpoint] = await Promise.all([audit.head(), audit.latestCheckpoint()]);
    const records: AuditRecord[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await audit.search(
        { caseRef: caseId },
        { order: 'asc', limit: PAGE, ...(after === undefined ? {} : { after }) },
      );
      records.push(...page.filter((r) => r.index < head.size));
      if (page.length < PAGE) break;
      after = (page[page.length - 1] as AuditRecord).index;
    }
    return buildAccessReport(
      caseId,
      await this.reportSubject(caseId, summary),
      records,
      {
        agency: (id) => this.directory.agency(id),
        personName: (userId) => this.directory.user(userId)?.displayName,
      },
      { treeSize: head.size, rootHash: toHex(head.root), checkpoint },
      context.now,
      disclose,
    );
  }

  /** The participant's name (from the vault), and the case's consents and conferences from its stream. */
  private async reportSubject(caseId: string, summary: CaseSummary): Promise<ReportSubject> {
    const [[opened], events] = await Promise.all([
      this.persistence.vault.open([summary.participantSealed]),
      this.persistence.rawEvents.readStream(caseStreamId(caseId)),
    ]);
    const identity = opened?.['participant'] as ParticipantIdentity | undefined;
    const consents: ReportedConsent[] = [];
    const conferences = new Map<string, string>();
    for (const event of events) {
      const e = { type: event.type, data: event.data } as CaseEvent;
      if (e.type === 'ConsentGranted') {
        const { consentId, form, grantedBy, grantedAt } = e.data;
        consents.push({ consentId, form, grantedBy, grantedAt });
      } else if (e.type === 'ConferenceScheduled') conferences.set(e.data.conferenceId, e.data.plannedFor);
    }
    return {
      participant: identity
        ? { givenName: identity.givenName, familyName: identity.familyName, birthDate: identity.birthDate }
        : null,
      consents,
      conferences: [...conferences].map(([conferenceId, plannedFor]) => ({ conferenceId, plannedFor })),
      notifications: notificationsOf(events, (id) => this.directory.agency(id)?.name ?? id),
    };
  }

  /** The log with every access recorded so far integrated, the one this request made included. */
  private log(): Promise<AuditLogStore> {
    return syncedLog(this.persistence.audit);
  }

  private dpoOnly(context: RequestContext, route: string, caseRef: string | null, okStatus = 200): Promise<void> {
    return assertDpoAccess(this.trail, context, { route, caseRef, okStatus, what: 'work with the access log' });
  }
}
