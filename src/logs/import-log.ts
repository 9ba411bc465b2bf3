import { basename, resolve } from 'node:path';
import { AssayError } from '../api/errors.ts';
import type { CaseDb } from '../case/index.ts';
import { requireColumns, resolveMapping } from './column-mapping.ts';
import { readHead } from './detect-format.ts';
import { hashFile } from './file-hash.ts';
import { runFirstPass } from './first-pass.ts';
import {
  chooseFormat, freeTableName, logNameOf, personalColumns, refuseExistingName, refuseSameContent, requireFile,
} from './import-request.ts';
import { recordLog } from './log-record.ts';
import { otherModelCheck, refuseOtherModels } from './model-id.ts';
import { openSource } from './open-source.ts';
import { Positions } from './positions.ts';
import { fillQuarantine } from './quarantine.ts';
import { collectRejects } from './rejects.ts';
import { buildRowPlan, tableColumns } from './row-plan.ts';
import { Scratch } from './scratch.ts';
import type { LogImportRequest, LogImportResult } from './types.ts';
import { writeTable } from './write-table.ts';

/**
 * Imports a decision log into the case as table `log_<name>`, in one transaction: good rows typed and numbered by
 * their source row, unusable rows in `quarantine` with their reason, and a `logs` row describing it all.
 * DuckDB reads the file twice: a first pass keeps per row only the id hash and the verdict of the checks, a second
 * writes the good rows (write-table.ts). The file's sha256 is computed meanwhile.
 */
export async function importLog(db: CaseDb, req: LogImportRequest): Promise<LogImportResult> {
  const progress = (stage: string) => req.onProgress?.({ stage });
  const path = resolve(req.path);
  requireFile(path);
  const name = logNameOf(path, req.name);
  const fileName = basename(path);
  const cancelled = () => {
    if (req.signal?.aborted) throw new AssayError('CANCELLED', `The import of log "${name}" was cancelled; the case is unchanged.`, { log: name });
  };
  if (db.readOnly) throw new AssayError('CASE_READ_ONLY', `The case ${db.path} is open read-only; open it for writing to import log "${name}".`, { log: name });
  cancelled();

  progress('inspecting');
  const head = readHead(path);
  const format = chooseFormat(path, head, req.format);
  const stopHashing = new AbortController();
  const hashing = hashFile(path, stopHashing.signal);
  hashing.catch(() => undefined);
  try {
    await refuseExistingName(db, name);
    const source = await openSource(db, path, format, head);
    const names = source.columns.map((c) => c.name);
    const mapping = resolveMapping(names, req.manifest, req.map);
    requireColumns(mapping, names, fileName, req.packageRef);
    const plan = buildRowPlan(source, mapping, req.manifest);
    const personal = personalColumns(req.personal ?? [], source, tableColumns(plan, new Set()));
    const table = await freeTableName(db, name);
    cancelled();

    return await db.transaction(async () => {
      const scratch = new Scratch(db);
      progress('validating');
      const first = await runFirstPass(db, source, plan, scratch, otherModelCheck(plan.modelId, req.manifest, req.packageRef));
      const rejected = await collectRejects(db, source, scratch);
      if (first.records + rejected === 0) {
        throw new AssayError('LOG_INVALID', `The log ${fileName} has no decisions (it holds no data rows). Export the decisions again.`, { path });
      }
      await refuseOtherModels(db, scratch, req.manifest, req.packageRef, fileName);
      cancelled();
      const file = await hashing;
      await refuseSameContent(db, file.sha256, path);

      progress('writing');
      const pos = new Positions(source.positions, first.base, rejected > 0 ? scratch.table('gaps') : null);
      const columns = tableColumns(plan, first.untypedExtras);
      await writeTable(db, source, plan, columns, scratch, pos, table, first.good, cancelled);
      cancelled();

      progress('checking');
      await fillQuarantine(db, name, scratch, pos, rejected);
      const result = await recordLog(db, {
        name, table, packageRef: req.packageRef, manifest: req.manifest, user: req.user, source, mapping, plan, columns, personal,
        naive: first.naive, untypedExtras: first.untypedExtras, file,
      });
      await scratch.dropAll();
      cancelled();
      progress('done');
      return result;
    });
  } finally {
    stopHashing.abort();
  }
}
