import type { CaseDb } from '../case/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/hash.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** The meta key holding the last entry's {seq, hash}. */
export const AUDIT_HEAD_KEY = 'audit_head';

export interface AuditInput {
  user: string;
  role: string;
  method: string;
  arguments: unknown;
  inputHashes: Record<string, string>;
  resultSha256: string | null;
  outcome: string;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

const SECRET_KEY = /pass(word|phrase)|secret|token|private/i;

/** Arguments as recorded: secrets replaced, so the trail never holds one. */
export function redactArguments(args: unknown): unknown {
  if (Array.isArray(args)) return args.map(redactArguments);
  if (args !== null && typeof args === 'object') {
    return Object.fromEntries(Object.entries(args as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactArguments(v)]));
  }
  return args;
}

/** The hash of an entry: SHA-256 over the canonical JSON of every field but the hash itself. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalJson(entry));
}

/** Appends one entry to the case's audit table, chained to the previous entry's hash. */
export async function appendAudit(db: CaseDb, input: AuditInput): Promise<AuditEntry> {
  return db.transaction(async () => {
    const last = await db.queryOne<{ seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    const body: Omit<AuditEntry, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      recordedAt: new Date().toISOString(),
      user: input.user,
      role: input.role,
      method: input.method,
      arguments: redactArguments(input.arguments),
      inputHashes: input.inputHashes,
      resultSha256: input.resultSha256,
      outcome: input.outcome,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...body, hash: entryHash(body) };
    await db.exec(
      'INSERT INTO audit (seq, recorded_at, "user", role, method, arguments, input_hashes, result_sha256, outcome, prev_hash, hash) VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
      [entry.seq, entry.recordedAt, entry.user, entry.role, entry.method, canonicalJson(entry.arguments), canonicalJson(entry.inputHashes), entry.resultSha256, entry.outcome, entry.prevHash, entry.hash],
    );
    // the head in the case's metadata makes a cut-off tail visible (see verifyAudit and docs/security.md)
    await db.exec(`INSERT OR REPLACE INTO meta VALUES ('${AUDIT_HEAD_KEY}', $1)`, [canonicalJson({ seq: entry.seq, hash: entry.hash })]);
    return entry;
  });
}

export interface AuditFilter {
  limit?: number;
  user?: string;
  method?: string;
  outcome?: string;
  /** ISO timestamps, half-open [from, to). */
  from?: string;
  to?: string;
}

/** The entries in order, filtered by user, method, outcome and time; `limit` keeps the first N that match. */
export async function listAudit(db: CaseDb, filter: AuditFilter | number = {}): Promise<AuditEntry[]> {
  const f: AuditFilter = typeof filter === 'number' ? { limit: filter } : filter;
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, v: string | number): void => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.user !== undefined) add('"user" = ?', f.user);
  if (f.method !== undefined) add(f.method.endsWith('.') || !f.method.includes('.') ? 'starts_with(method, ?)' : 'method = ?', f.method);
  if (f.outcome !== undefined) add('outcome = ?', f.outcome);
  if (f.from !== undefined) add('recorded_at >= CAST(? AS TIMESTAMPTZ)', f.from);
  if (f.to !== undefined) add('recorded_at < CAST(? AS TIMESTAMPTZ)', f.to);
  params.push(f.limit ?? 1000);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT seq, strftime(recorded_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS recorded_at, "user", role, method, arguments, input_hashes, result_sha256, outcome, prev_hash, hash
     FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    recordedAt: String(r.recorded_at),
    user: String(r.user),
    role: String(r.role),
    method: String(r.method),
    arguments: JSON.parse(String(r.arguments)),
    inputHashes: JSON.parse(String(r.input_hashes)) as Record<string, string>,
    resultSha256: (r.result_sha256 as string | null) ?? null,
    outcome: String(r.outcome),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  }));
}
