import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { POLICY_VERSION, PURPOSE_NEEDS, STATUTORY_PURPOSES } from '@fallverbund/access-policy';
import { assertDpoAccess, AuditTrail, type RequestContext } from '@fallverbund/cases-application';
import { Directory, PartnerDirectory } from '@fallverbund/identity';
import {
  buildRecordsOfProcessing,
  type PolicyInput,
  recordGaps,
  type RecordsOfProcessing,
} from '@fallverbund/records-of-processing';
import { parseRetentionTable, type RetentionTable } from '@fallverbund/retention';

/** docs/retention.md, read once when the API starts; a table with a gap stops the start. */
export const readRetentionTable = (path = join(__dirname, '../../../../docs/retention.md')): RetentionTable =>
  parseRetentionTable(readFileSync(path, 'utf8'));

export const RECORDS_ROUTE = 'GET /api/dpo/records-of-processing';

const POLICY: PolicyInput = { version: POLICY_VERSION, statutory: STATUTORY_PURPOSES, needs: PURPOSE_NEEDS };

/**
 * The record of processing activities (Art. 30 GDPR), built at start from the access policy, the
 * retention table and the directory; read by data protection officers only, and recorded.
 */
@Injectable()
export class RecordsOfProcessingService {
  private readonly record: RecordsOfProcessing;

  constructor(
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Directory) directory: Directory,
    @Inject(PartnerDirectory) partners: PartnerDirectory,
  ) {
    this.record = buildRecordsOfProcessing(POLICY, readRetentionTable(), {
      agencies: directory.agencyList(),
      partners: partners.search(),
    });
    const gaps = recordGaps(this.record, POLICY);
    if (gaps.length > 0) throw new Error(`The records of processing are incomplete: ${gaps.join('; ')}`);
  }

  async read(context: RequestContext): Promise<RecordsOfProcessing> {
    await assertDpoAccess(this.trail, context, {
      route: RECORDS_ROUTE,
      caseRef: null,
      what: 'read the records of processing',
    });
    return this.record;
  }
}
