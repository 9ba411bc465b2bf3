import type { PackageDetail, PackageImportResult, PackageListItem, PackageVerificationData } from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command } from './command.ts';
import { fmt, lines, table } from './format.ts';

function list(v: unknown): string[] | undefined {
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

function number(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) {
    throw new AssayError('BAD_ARGUMENT', `--${option} takes a number, not "${String(v)}".`, { option });
  }
  return n;
}

function signatureText(sig: PackageVerificationData['signature']): string {
  if (!sig.present) return 'unsigned';
  const by = sig.keyId ? ` by key ${sig.keyId} (${sig.algorithm})` : '';
  const trust = sig.trusted === true ? ', a trusted key' : sig.trusted === null && sig.status === 'valid' ? ' (signer not checked: no --trusted-keys given)' : '';
  return `${sig.status}${by}${trust}`;
}

function verificationText(v: PackageVerificationData): string {
  return lines(
    table(['file', 'status', 'sha256'], v.files.map((f) => [f.path, f.status, f.actual ?? f.expected ?? ''])),
    `signature: ${signatureText(v.signature)}`,
    ...v.problems.map((p) => `problem: ${p}`),
  );
}

export const packageCommands: Command[] = [
  {
    name: 'package import',
    usage: 'assay package import CASE PATH [--manifest FILE] [--id ID --version V] [--positive-class C] [--threshold T] [--favorable 0|1] [--protected a,b] [--output-name O --output-index I]',
    summary: 'Import a model package: an assay-package folder or .zip, an MLflow model folder, or a bare .onnx. Prints its ref id@version.',
    positionals: ['CASE', 'PATH'],
    options: {
      manifest: { type: 'string' }, id: { type: 'string' }, version: { type: 'string' }, 'positive-class': { type: 'string' },
      threshold: { type: 'string' }, favorable: { type: 'string' }, protected: { type: 'string' },
      'output-name': { type: 'string' }, 'output-index': { type: 'string' }, 'trusted-keys': { type: 'string' },
    },
    optionHelp: {
      manifest: 'an assay-package.json to use instead of the one in (or synthesised for) the package',
      id: 'package id (bare ONNX / MLflow without model_id metadata)',
      version: 'package version (bare ONNX / MLflow)',
      'positive-class': 'the class whose probability is the score (default 1)',
      threshold: 'decision threshold on the score (default 0.5)',
      favorable: 'which decision is good for the person, 0 or 1 (default 1)',
      protected: 'comma-separated protected attributes, each name or name=reference',
      'output-name': 'the graph output holding the class probabilities (bare ONNX / MLflow)',
      'output-index': 'the column of that output holding P(positive class)',
      'trusted-keys': 'a folder of trusted public keys (.pub.pem); the signature status says whether the signer is one of them',
    },
    async run(inv) {
      const pc = inv.values['positive-class'];
      const favorable = number(inv.values.favorable, 'favorable');
      if (favorable !== undefined && favorable !== 0 && favorable !== 1) {
        throw new AssayError('BAD_ARGUMENT', `--favorable takes 0 or 1, not "${String(inv.values.favorable)}".`);
      }
      const r = (await inv.service(inv.positionals[0]!).call('package.import', {
        path: inv.positionals[1]!, manifest: inv.values.manifest, id: inv.values.id, version: inv.values.version,
        positiveClass: typeof pc === 'string' ? (Number.isFinite(Number(pc)) && pc.trim() !== '' ? Number(pc) : pc) : undefined,
        threshold: number(inv.values.threshold, 'threshold'), favorable: favorable as 0 | 1 | undefined, protected: list(inv.values.protected),
        outputName: inv.values['output-name'] as string | undefined, outputIndex: number(inv.values['output-index'], 'output-index'),
        trustedKeys: inv.values['trusted-keys'] as string | undefined,
      }, inv.context)) as PackageImportResult;
      const smoke = r.smokeTest;
      return {
        result: r,
        text: lines(
          r.ref,
          `  source: ${r.sourceKind}; model sha256 ${r.modelSha256}`,
          `  files: ${r.files.length}, all hashes verified`,
          `  signature: ${signatureText(r.verification.signature)}`,
          r.rewrites.length ? `  rewrites: ${r.rewrites.length} (ZipMap output replaced by its probability tensor; recorded in the lineage)` : null,
          smoke
            ? `  smoke test: scored ${smoke.rows} reference rows, scores ${fmt(smoke.min)}..${fmt(smoke.max)}, mean ${fmt(smoke.mean)}, ${fmt((smoke.positiveRate ?? 0) * 100, 1)}% at or above ${smoke.threshold} (run ${smoke.runId})`
            : '  smoke test: no reference data in the package',
          ...r.warnings.map((w) => `  warning: ${w}`),
        ),
      };
    },
  },
  {
    name: 'package list',
    usage: 'assay package list CASE',
    summary: 'List the packages of a case.',
    positionals: ['CASE'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const r = (await inv.service(inv.positionals[0]!).call('package.list', {}, inv.context)) as PackageListItem[];
      return { result: r, text: r.length ? table(['package', 'source', 'model sha256', 'imported'], r.map((p) => [p.ref, p.sourceKind, p.modelSha256, p.importedAt])) : 'No packages.' };
    },
  },
  {
    name: 'package show',
    usage: 'assay package show CASE REF',
    summary: 'Show a package: manifest, ONNX graph summary, lineage, file hashes and smoke test.',
    positionals: ['CASE', 'REF'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const p = (await inv.service(inv.positionals[0]!).call('package.show', { ref: inv.positionals[1]! }, inv.context)) as PackageDetail;
      const g = p.graphSummary;
      return {
        result: p,
        text: lines(
          `${p.ref} (${p.sourceKind}), imported ${p.importedAt} by ${p.importedBy}`,
          `model sha256 ${p.modelSha256}`,
          `graph: producer ${g.producerName} ${g.producerVersion}, IR ${g.irVersion}, opsets ${g.opsets.map((o) => `${o.domain || 'ai.onnx'}:${o.version}`).join(' ')}, ${g.nodeCount} nodes, ${g.parameterCount} parameters`,
          `inputs:  ${g.inputs.map((i) => `${i.name} ${i.typeText}`).join(', ')}`,
          `outputs: ${g.outputs.map((o) => `${o.name} ${o.typeText}`).join(', ')}`,
          `operators: ${g.operators.map((o) => `${o.opType}×${o.count}`).join(' ')}`,
          '',
          table(['file', 'size', 'sha256'], p.files.map((f) => [f.path, f.size, f.sha256])),
          p.smokeTest ? `smoke test: ${p.smokeTest.rows} rows, mean score ${fmt(p.smokeTest.mean)} (run ${p.smokeTest.runId})` : 'smoke test: none',
        ),
      };
    },
  },
  {
    name: 'package verify',
    usage: 'assay package verify PATH [--trusted-keys DIR]',
    summary: 'Verify a package on disk: every file against its sha256, and its signature.json against the files and the trusted keys (exit 1 on any mismatch).',
    positionals: ['PATH'],
    options: { 'trusted-keys': { type: 'string' } },
    optionHelp: { 'trusted-keys': 'a folder of trusted public keys (.pub.pem): the package must be signed by one of them' },
    async run(inv) {
      const trustedKeys = inv.values['trusted-keys'] as string | undefined;
      const v = (await inv.service(null).call('package.verify', { path: inv.positionals[0]!, trustedKeys }, inv.context)) as PackageVerificationData;
      const okText = v.signature.status === 'valid' ? `Package verified: every file matches its hash and the signature by ${v.signature.keyId}.` : 'Package verified: every file matches its hash.';
      return { result: v, text: lines(v.ok ? okText : 'Package verification FAILED.', verificationText(v)), exitCode: v.ok ? 0 : 1 };
    },
  },
];
