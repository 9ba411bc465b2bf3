import type { CaseDb } from '../case/index.ts';
import { typedRelation, type RowPlan } from './row-plan.ts';
import type { Scratch } from './scratch.ts';
import type { LogSource } from './source.ts';
import { IS_GOOD, NAIVE_FLAG, OTHER_MODEL, reasonCode, SKIP } from './verdict.ts';

const BITS = 62;

export interface FirstPass {
  /** Records scanned, blank lines excluded. */
  records: number;
  good: number;
  naive: number;
  /** Extras whose suggested type does not hold for every imported value. */
  untypedExtras: Set<string>;
  /** min(rowid) of the table, as SQL text. */
  base: string;
}

/** A row naming another model than the package's: `when` and `detail` (the model id) over the typed relation. */
export interface OtherModelCheck {
  when: string;
  detail: string;
}

/**
 * The statement of the first pass. It must stay a plain scan and projection: the rowids of the table it creates
 * number the records in scan order, which a join (even one DuckDB makes from a long IN list) would not keep.
 */
export function firstPassSql(source: LogSource, plan: RowPlan, scratch: Scratch, otherModel: OtherModelCheck | null): string {
  const whens = [
    ...(source.skipWhen ? [`WHEN ${source.skipWhen} THEN ${SKIP}`] : []),
    ...(otherModel ? [`WHEN ${otherModel.when} THEN ${OTHER_MODEL}`] : []),
    ...plan.checks.map((c) => `WHEN ${c.when} THEN ${reasonCode(c.reason)}`),
  ];
  const verdict = whens.length > 0 ? `CASE ${whens.join(' ')} ELSE 0 END` : '0';
  const details = [...(otherModel ? [`WHEN _c = ${OTHER_MODEL} THEN ${otherModel.detail}`] : []), ...plan.checks.map((c) => `WHEN ${c.when} THEN ${c.detail}`)];
  const detail = details.length > 0 ? `CASE ${details.join(' ')} END` : 'NULL';
  const naive = plan.naive ? ` + CASE WHEN ${plan.naive} THEN ${NAIVE_FLAG} ELSE 0 END` : '';
  const masks = extraMasks(plan).map((m, g) => `, ${m} AS _xf${g}`).join('');
  return `CREATE TEMP TABLE ${scratch.table('p1')} AS SELECT ${source.positions === 'file' ? '_pos, ' : ''}_h, CAST(_c${naive} AS UTINYINT) AS _f,
      CASE WHEN _c BETWEEN 1 AND ${OTHER_MODEL} AND _c <> ${SKIP} THEN json_object('d', ${detail}, 'id', ${plan.id}, 'raw', ${source.rawJson}) END AS _q${masks}
    FROM (SELECT *, hash(${plan.id}) AS _h, ${verdict} AS _c FROM ${typedRelation(source, plan, source.recordsRejects ? scratch.rejects : undefined)})`;
}

/** Per group of 62 typed extras, a BIGINT with bit b set when the group's extra b has a value of another type. */
function extraMasks(plan: RowPlan): string[] {
  const typed = plan.extras.filter((e) => e.typed !== null);
  const masks: string[] = [];
  for (let g = 0; g * BITS < typed.length; g++) {
    const terms = typed.slice(g * BITS, (g + 1) * BITS).map((e, b) => `CASE WHEN ${e.typed!.bad} THEN ${2n ** BigInt(b)} ELSE 0 END`);
    masks.push(`CAST(${terms.join(' + ')} AS BIGINT)`);
  }
  return masks;
}

/**
 * Scans the source once and keeps, per record and in scan order, only what later steps need: the hash of the
 * decision id, the verdict flags (see verdict.ts) and, for quarantined rows only, `_q`: a JSON object with detail,
 * decision id and raw record. Everything else is read again when the table is written.
 */
export async function runFirstPass(db: CaseDb, source: LogSource, plan: RowPlan, scratch: Scratch, otherModel: OtherModelCheck | null): Promise<FirstPass> {
  await db.exec(firstPassSql(source, plan, scratch, otherModel), source.params);
  const typed = plan.extras.filter((e) => e.typed !== null);
  const masks = extraMasks(plan);
  const aggMasks = masks.map((_, g) => `, CAST(bit_or(_xf${g}) FILTER (${IS_GOOD}) AS VARCHAR) AS xf${g}`).join('');
  const row = (await db.queryOne<Record<string, string | number | null>>(
    `SELECT count(*) FILTER ((_f & 15) <> ${SKIP}) AS records, count(*) FILTER (${IS_GOOD}) AS good,
       count(*) FILTER (${IS_GOOD} AND _f >= ${NAIVE_FLAG}) AS naive, CAST(min(rowid) AS VARCHAR) AS base${aggMasks} FROM ${scratch.table('p1')}`,
  ))!;
  const untypedExtras = new Set<string>();
  masks.forEach((_, g) => {
    const bits = BigInt(row[`xf${g}`] ?? 0);
    typed.slice(g * BITS, (g + 1) * BITS).forEach((e, b) => {
      if ((bits >> BigInt(b)) & 1n) untypedExtras.add(e.text.name);
    });
  });
  return { records: Number(row.records), good: Number(row.good), naive: Number(row.naive), untypedExtras, base: String(row.base ?? '0') };
}
