import type { AuditHead, AuditVerification } from '../api/contract-governance.ts';
import type { CaseDb } from '../case/index.ts';
import { AUDIT_HEAD_KEY, entryHash, GENESIS_HASH, type AuditEntry } from './audit-trail.ts';

interface RawEntry {
  seq: number;
  recorded_at: string;
  user: string;
  role: string;
  method: string;
  arguments: string;
  input_hashes: string;
  result_sha256: string | null;
  outcome: string;
  prev_hash: string;
  hash: string;
}

function parseHead(text: string | undefined): AuditHead | null | 'unreadable' {
  if (text === undefined) return null;
  try {
    const h = JSON.parse(text) as AuditHead;
    return Number.isInteger(h.seq) && typeof h.hash === 'string' ? { seq: h.seq, hash: h.hash } : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function toEntry(r: RawEntry): AuditEntry | null {
  try {
    return {
      seq: Number(r.seq), recordedAt: String(r.recorded_at), user: r.user, role: r.role, method: r.method,
      arguments: JSON.parse(r.arguments), inputHashes: JSON.parse(r.input_hashes) as Record<string, string>,
      resultSha256: r.result_sha256 ?? null, outcome: r.outcome, prevHash: r.prev_hash, hash: r.hash,
    };
  } catch {
    return null;
  }
}

/**
 * Recomputes the chain from what the case holds and names the first entry that is broken:
 * - `sequence`/`missing`: the numbering has a gap or is out of order (an entry was deleted or moved);
 * - `hash`: the entry's fields no longer give its hash (a field was edited);
 * - `link`: the entry's hash is consistent but the next entry chained another one (this entry was edited and
 *   re-hashed alone);
 * - `truncated`/`head`: the last entry is not the head recorded in the metadata, or not the head expected by the
 *   caller (entries were cut off the end).
 * An editor who rewrites every hash from the edit onward and the stored head too is caught only by `expectHead`,
 * a head hash kept outside the case.
 */
export async function verifyAudit(db: CaseDb, expectHead?: string): Promise<AuditVerification> {
  const rows = await db.query<RawEntry & Record<string, unknown>>(
    `SELECT seq, strftime(recorded_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS recorded_at, "user", role, method,
       CAST(arguments AS VARCHAR) AS arguments, CAST(input_hashes AS VARCHAR) AS input_hashes, result_sha256, outcome, prev_hash, hash
     FROM audit ORDER BY seq`,
  );
  const headRow = await db.queryOne<{ value: string }>('SELECT value FROM meta WHERE key = $1', [AUDIT_HEAD_KEY]);
  const stored = parseHead(headRow?.value);
  const last = rows[rows.length - 1];
  const head: AuditHead | null = last ? { seq: Number(last.seq), hash: last.hash } : null;
  const result = (firstBroken: AuditVerification['firstBroken']): AuditVerification => ({
    ok: firstBroken === null, entries: rows.length, head, storedHead: stored === 'unreadable' ? null : stored,
    expectedHead: expectHead ?? null, firstBroken,
  });

  let prevHash = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const expected = i + 1;
    const r = rows[i]!;
    const seq = Number(r.seq);
    if (seq !== expected) {
      return result({
        seq: expected, problem: seq > expected ? 'missing' : 'sequence',
        message: seq > expected
          ? `Entry ${expected} is missing: the trail goes from ${expected - 1} to ${seq}.`
          : `Entry ${seq} is out of place (position ${expected}).`,
      });
    }
    const entry = toEntry(r);
    if (!entry) return result({ seq, problem: 'unreadable', message: `Entry ${seq} holds arguments or input hashes that are not JSON.` });
    const { hash, ...body } = entry;
    if (entryHash(body) !== hash) {
      return result({ seq, problem: 'hash', message: `Entry ${seq} was changed: its fields no longer give its hash.` });
    }
    if (entry.prevHash !== prevHash) {
      // this entry is intact, so the previous one was re-hashed after an edit (or this one re-chained)
      return result({
        seq: seq - 1, problem: 'link',
        message: `Entry ${seq - 1} was changed and re-hashed: entry ${seq} chained the hash ${entry.prevHash.slice(0, 16)}…, not ${prevHash.slice(0, 16)}….`,
      });
    }
    prevHash = hash;
  }
  if (stored === 'unreadable') {
    return result({ seq: head?.seq ?? 0, problem: 'head', message: 'The head recorded in the case metadata is unreadable.' });
  }
  if (stored === null && head !== null) {
    return result({ seq: head.seq, problem: 'head', message: `The trail has ${rows.length} entries but the case records no head: it was removed.` });
  }
  if (stored !== null) {
    const lastSeq = head?.seq ?? 0;
    if (stored.seq > lastSeq) {
      return result({ seq: lastSeq + 1, problem: 'truncated', message: `Entries ${lastSeq + 1}..${stored.seq} were cut off the end of the trail (the recorded head is entry ${stored.seq}).` });
    }
    if (stored.seq !== lastSeq || stored.hash !== head?.hash) {
      return result({
        seq: lastSeq, problem: stored.seq === lastSeq ? 'link' : 'head',
        message: stored.seq === lastSeq
          ? `Entry ${lastSeq} was changed and re-hashed: the recorded head hash is ${stored.hash.slice(0, 16)}….`
          : `The recorded head is entry ${stored.seq}, but the trail ends at entry ${lastSeq}.`,
      });
    }
  }
  if (expectHead !== undefined) {
    const match = rows.findIndex((r) => r.hash === expectHead);
    if (match < 0) {
      return result({
        seq: (head?.seq ?? 0) + 1, problem: 'truncated',
        message: `No entry has the expected head hash ${expectHead.slice(0, 16)}…: the trail was cut or rewritten since that head was recorded.`,
      });
    }
  }
  return result(null);
}
