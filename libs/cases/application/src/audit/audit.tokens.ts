/** Injection token of the AuditConfig. */
export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
