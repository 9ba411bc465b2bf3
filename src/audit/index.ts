export { appendAudit, listAudit, redactArguments, entryHash, GENESIS_HASH, AUDIT_HEAD_KEY } from './audit-trail.ts';
export type { AuditEntry, AuditInput, AuditFilter } from './audit-trail.ts';
export { verifyAudit } from './verify-chain.ts';
