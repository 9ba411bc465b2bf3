import { AssayError } from '../api/errors.ts';
import { quoteLiteral, type CaseDb } from '../case/index.ts';
import type { Manifest } from '../packages/index.ts';
import type { OtherModelCheck } from './first-pass.ts';
import type { Scratch } from './scratch.ts';
import { IS_OTHER_MODEL, Q_DETAIL } from './verdict.ts';

/** The first-pass check for a row whose model id is neither the package's id nor its ref. */
export function otherModelCheck(modelId: string | null, manifest: Manifest, packageRef: string): OtherModelCheck | null {
  if (modelId === null) return null;
  return { when: `NOT list_contains([${quoteLiteral(manifest.id)}, ${quoteLiteral(packageRef)}], ${modelId})`, detail: modelId };
}

/** LOG_MISMATCH when rows of the log name another model than the package's (found by the first pass). */
export async function refuseOtherModels(db: CaseDb, scratch: Scratch, manifest: Manifest, packageRef: string, logName: string): Promise<void> {
  const others = await db.query<{ model_id: string; n: number }>(
    `SELECT ${Q_DETAIL} AS model_id, count(*) AS n FROM ${scratch.table('p1')} WHERE ${IS_OTHER_MODEL} GROUP BY 1 ORDER BY n DESC, 1 LIMIT 3`,
  );
  if (others.length === 0) return;
  const found = others.map((o) => `"${o.model_id}" (${o.n} rows)`).join(', ');
  throw new AssayError(
    'LOG_MISMATCH',
    `The log ${logName} holds decisions of model ${found}, not of package ${packageRef} (model id "${manifest.id}"). Import it with the package of that model.`,
    { modelIds: others.map((o) => o.model_id), packageRef },
  );
}
