export { appendAudit, listAudit, redactArguments, entryHash, GENESIS_HASH } from './audit-trail.ts';
export type { AuditEntry, AuditInput } from './audit-trail.ts';
