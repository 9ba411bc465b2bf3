import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CaseDb } from '../../case/index.ts';
import { recordRun, safeTableName } from '../../case/index.ts';
import { ModelSession, specFromManifest } from '../../inference/index.ts';
import { importReferenceData } from '../../logs/index.ts';
import { loadPackage, verifyPackage, type LoadedPackage, type Manifest, type GraphSummary } from '../../packages/index.ts';
import type { MethodArgs } from '../contract.ts';
import type { PackageDetail, PackageImportResult, PackageListItem, PackageVerificationData, ReferenceScores, SmokeTestData } from '../contract-types.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';
import { scoreTable } from '../score-table.ts';
import { sha256Hex } from '../../util/hash.ts';

export const RUNTIME_MODEL_PATH = '.assay/runtime-model.onnx';

interface PackageRow {
  ref: string; id: string; version: string; source_kind: string; manifest: string; graph_summary: string; lineage: string;
  verification: string; smoke_test: string | null; model_sha256: string; reference_table: string | null;
  imported_at: string; imported_by: string;
}

const PACKAGE_COLUMNS = `ref, id, version, source_kind, manifest, graph_summary, lineage, verification, smoke_test, model_sha256, reference_table,
  strftime(imported_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS imported_at, imported_by`;

function listItem(r: PackageRow): PackageListItem {
  return { ref: r.ref, id: r.id, version: r.version, sourceKind: r.source_kind, modelSha256: r.model_sha256, importedAt: r.imported_at, importedBy: r.imported_by };
}

export async function getPackageRow(db: CaseDb, ref: string): Promise<PackageRow> {
  const row = await db.queryOne<PackageRow & Record<string, unknown>>(`SELECT ${PACKAGE_COLUMNS} FROM packages WHERE ref = $1`, [ref]);
  if (!row) {
    const known = (await db.query<{ ref: string }>('SELECT ref FROM packages ORDER BY ref')).map((r) => r.ref);
    throw new AssayError('NOT_FOUND', `The case has no package ${ref}${known.length ? ` (it has ${known.join(', ')})` : ' (it has none yet: import one with "assay package import")'}.`, { ref });
  }
  return row;
}

export async function getPackageManifest(db: CaseDb, ref: string): Promise<Manifest> {
  return JSON.parse((await getPackageRow(db, ref)).manifest) as Manifest;
}

/** Opens an ONNX Runtime session on the model the package runs (the rewritten one when ZipMap was removed). */
export async function openPackageModel(db: CaseDb, ref: string): Promise<{ model: ModelSession; row: PackageRow; manifest: Manifest }> {
  const row = await getPackageRow(db, ref);
  const manifest = JSON.parse(row.manifest) as Manifest;
  const graph = JSON.parse(row.graph_summary) as GraphSummary;
  const file = await db.queryOne<{ content: Uint8Array }>(
    'SELECT content FROM package_files WHERE package_ref = $1 AND path IN ($2, $3) ORDER BY (path = $2) DESC LIMIT 1',
    [ref, RUNTIME_MODEL_PATH, manifest.model.file],
  );
  if (!file) throw new AssayError('INTERNAL', `The case holds no model file for ${ref}; the case may be damaged.`, { ref });
  const model = await ModelSession.create(file.content, specFromManifest(manifest, graph.inputs));
  return { model, row, manifest };
}

function smokeStats(scores: Float64Array, threshold: number): Omit<SmokeTestData, 'runId'> {
  if (scores.length === 0) return { rows: 0, min: null, max: null, mean: null, positiveRate: null, threshold };
  let min = Infinity, max = -Infinity, sum = 0, pos = 0;
  for (const s of scores) {
    min = Math.min(min, s);
    max = Math.max(max, s);
    sum += s;
    if (s >= threshold) pos++;
  }
  return { rows: scores.length, min, max, mean: sum / scores.length, positiveRate: pos / scores.length, threshold };
}

function writeTemp(pkg: LoadedPackage): { dir: string; file: string } | null {
  if (!pkg.referenceData) return null;
  const dir = mkdtempSync(join(tmpdir(), 'assay-ref-'));
  const file = join(dir, `reference.${pkg.referenceData.format}`);
  writeFileSync(file, pkg.referenceData.bytes);
  return { dir, file };
}

export async function importPackage(ctx: HandlerContext, args: MethodArgs<'package.import'>): Promise<PackageImportResult> {
  const pkg = await loadPackage(resolve(args.path), {
    manifestPath: args.manifest, id: args.id, version: args.version, positiveClass: args.positiveClass,
    threshold: args.threshold, favorable: args.favorable, protected: args.protected,
    outputName: args.outputName, outputIndex: args.outputIndex, trustedKeys: args.trustedKeys,
  });
  ctx.inputHashes[`package:${pkg.ref}`] = pkg.modelSha256;
  // The model must load before anything is written, so that a model ONNX Runtime refuses leaves the case unchanged.
  const model = await ModelSession.create(pkg.runtimeModel, specFromManifest(pkg.manifest, pkg.graph.inputs));
  const temp = writeTemp(pkg);
  try {
    const db = await ctx.openCase(temp ? [temp.file] : []);
    if (await db.queryOne('SELECT ref FROM packages WHERE ref = $1', [pkg.ref])) {
      throw new AssayError('ALREADY_EXISTS', `The case already holds the package ${pkg.ref}. Give the new model another version in its manifest to import it beside the old one.`, { ref: pkg.ref });
    }
    return await db.transaction(async () => {
      const referenceTable = temp ? safeTableName('ref', pkg.ref) : null;
      let referenceRows = 0;
      let smokeTest: SmokeTestData | null = null;
      if (temp && referenceTable) {
        referenceRows = (await importReferenceData(db, referenceTable, temp.file, pkg.referenceData!.format, pkg.manifest)).rows;
        const scores = await scoreTable(db, referenceTable, model, { signal: ctx.signal, onProgress: ctx.onProgress });
        const stats = smokeStats(scores, pkg.manifest.threshold);
        const { runId } = await recordRun(db, {
          method: 'package.smoke-test', parameters: { ref: pkg.ref, rows: 'reference_data' }, seed: null,
          inputHashes: { model: pkg.modelSha256, reference: pkg.files.find((f) => f.path === pkg.referenceData!.path)?.sha256 ?? '' },
          result: { ...stats, scores: Array.from(scores) }, user: ctx.user, role: ctx.role,
        });
        smokeTest = { runId, ...stats };
      }
      await db.exec(
        `INSERT INTO packages (ref, id, version, source_kind, manifest, graph_summary, lineage, verification, smoke_test, model_sha256, reference_table, source_path, imported_at, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13)`,
        [pkg.ref, pkg.manifest.id, pkg.manifest.version, pkg.sourceKind, JSON.stringify(pkg.manifest), JSON.stringify(pkg.graph), JSON.stringify(pkg.lineage),
          JSON.stringify(pkg.verification), smokeTest ? JSON.stringify(smokeTest) : null, pkg.modelSha256, referenceTable, pkg.sourcePath, ctx.user],
      );
      for (const f of pkg.files) {
        await db.exec('INSERT INTO package_files VALUES ($1, $2, $3, $4, $5)', [pkg.ref, f.path, f.sha256, f.bytes.byteLength, f.bytes]);
      }
      const rewrites = (pkg.lineage.assay_import as { rewrites?: unknown[] } | undefined)?.rewrites ?? [];
      if (rewrites.length > 0) {
        await db.exec('INSERT INTO package_files VALUES ($1, $2, $3, $4, $5)', [pkg.ref, RUNTIME_MODEL_PATH, sha256Hex(pkg.runtimeModel), pkg.runtimeModel.byteLength, pkg.runtimeModel]);
      }
      return {
        ref: pkg.ref, id: pkg.manifest.id, version: pkg.manifest.version, sourceKind: pkg.sourceKind, modelSha256: pkg.modelSha256,
        files: pkg.files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.bytes.byteLength })),
        rewrites, verification: pkg.verification, smokeTest, referenceRows, warnings: pkg.warnings,
      };
    });
  } finally {
    await model.close();
    if (temp) rmSync(temp.dir, { recursive: true, force: true });
  }
}

export async function listPackages(ctx: HandlerContext): Promise<PackageListItem[]> {
  const db = await ctx.openCase();
  return (await db.query<PackageRow & Record<string, unknown>>(`SELECT ${PACKAGE_COLUMNS} FROM packages ORDER BY ref`)).map(listItem);
}

export async function showPackage(ctx: HandlerContext, args: MethodArgs<'package.show'>): Promise<PackageDetail> {
  const db = await ctx.openCase();
  const row = await getPackageRow(db, args.ref);
  const manifest = JSON.parse(row.manifest) as Manifest;
  const files = await db.query<{ path: string; sha256: string; size: number }>('SELECT path, sha256, size FROM package_files WHERE package_ref = $1 ORDER BY path', [args.ref]);
  const card = manifest.card
    ? await db.queryOne<{ content: Uint8Array }>('SELECT content FROM package_files WHERE package_ref = $1 AND path = $2', [args.ref, manifest.card])
    : undefined;
  return {
    ...listItem(row),
    manifest: manifest as unknown as Record<string, unknown>,
    graphSummary: JSON.parse(row.graph_summary),
    lineage: JSON.parse(row.lineage),
    verification: JSON.parse(row.verification),
    smokeTest: row.smoke_test ? JSON.parse(row.smoke_test) : null,
    files,
    card: card ? new TextDecoder().decode(card.content) : null,
  };
}

export async function verifyPackageOnDisk(_ctx: HandlerContext, args: MethodArgs<'package.verify'>): Promise<PackageVerificationData> {
  return verifyPackage(resolve(args.path), args.trustedKeys === undefined ? undefined : resolve(args.trustedKeys));
}

export async function scoreReference(ctx: HandlerContext, args: MethodArgs<'package.scoreReference'>): Promise<ReferenceScores> {
  const db = await ctx.openCase();
  const { model, row } = await openPackageModel(db, args.ref);
  try {
    if (!row.reference_table) {
      throw new AssayError('NOT_FOUND', `The package ${args.ref} came without reference data, so there is nothing to score.`, { ref: args.ref });
    }
    const scores = await scoreTable(db, row.reference_table, model, { limit: args.limit, signal: ctx.signal, onProgress: ctx.onProgress });
    return { ref: args.ref, rows: scores.length, scores: Array.from(scores) };
  } finally {
    await model.close();
  }
}
