import { AuditTrail } from '@fallverbund/cases-application';
import { type AuditLogStore } from '@fallverbund/audit-log';

/**
 * An audit trail that writes nothing: the policy benchmarks compare the policy against no policy,
 * so both sides must leave auditing out. What auditing costs is measured on its own.
 */
export const noAudit = (): AuditTrail =>
  new AuditTrail({ enqueue: () => Promise.resolve() } as unknown as AuditLogStore);
