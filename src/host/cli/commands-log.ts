import type { LogImportData, LogListItem, LogPreviewData, QuarantinePage, RowsPage } from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command } from './command.ts';
import { lines, table } from './format.ts';

function parseMap(values: unknown): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of values as string[]) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new AssayError('BAD_ARGUMENT', `--map takes field=column, not "${pair}" (for example --map decision_id=application_no).`, { map: pair });
    }
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function int(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new AssayError('BAD_ARGUMENT', `--${option} takes a whole number, not "${String(v)}".`);
  return n;
}

export const logCommands: Command[] = [
  {
    name: 'log import',
    usage: 'assay log import CASE FILE --package REF [--name NAME] [--format csv|parquet|ndjson] [--map field=column]... [--personal a,b]',
    summary: 'Import a decision log for a package. Unusable rows are quarantined with a reason; the import is all or nothing.',
    positionals: ['CASE', 'FILE'],
    options: { package: { type: 'string' }, name: { type: 'string' }, format: { type: 'string' }, map: { type: 'string', multiple: true }, personal: { type: 'string' } },
    optionHelp: {
      package: 'the package (id@version) whose model made the decisions (required)',
      name: 'the log name in the case (default: the file name without extension)',
      format: 'csv, parquet or ndjson (default: from the extension and content)',
      map: 'map a canonical field or feature to a column of the file, e.g. --map decision_id=application_no (repeatable)',
      personal: 'comma-separated columns holding personal data',
    },
    async run(inv) {
      if (typeof inv.values.package !== 'string') {
        throw new AssayError('BAD_ARGUMENT', 'assay log import needs --package REF, the package (id@version) whose model made the decisions.');
      }
      const r = (await inv.service(inv.positionals[0]!).call('log.import', {
        path: inv.positionals[1]!, package: inv.values.package, name: inv.values.name, format: inv.values.format,
        map: parseMap(inv.values.map), personal: typeof inv.values.personal === 'string' ? inv.values.personal.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      }, inv.context)) as LogImportData;
      const reasons = Object.entries(r.quarantineReasons).filter(([, n]) => n > 0);
      return {
        result: r,
        text: lines(
          `Imported log "${r.log}" (${r.format}) for ${r.packageRef}: ${r.rows} decisions, ${r.quarantined} quarantined.`,
          reasons.length ? table(['quarantine reason', 'rows'], reasons) : null,
          `timestamps: ${r.timestampRange.from ?? '—'} .. ${r.timestampRange.to ?? '—'}; outcome missing for ${r.missingOutcome} rows`,
          `mapping: ${Object.entries(r.mapping).map(([k, v]) => `${k}=${v ?? '—'}`).join(', ')}`,
          ...Object.entries(r.unseenValues).map(([f, vs]) => `unseen values of ${f}: ${vs.map((v) => `${v.value} (${v.count})`).join(', ')}`),
          ...r.warnings.map((w) => `warning: ${w}`),
        ),
      };
    },
  },
  {
    name: 'log preview',
    usage: 'assay log preview CASE FILE --package REF [--format csv|parquet|ndjson] [--map field=column]... [--limit N]',
    summary: 'Show what an import would read: format, columns, the first rows, the mapping to the package and the columns that look personal. Changes nothing.',
    positionals: ['CASE', 'FILE'],
    options: { package: { type: 'string' }, format: { type: 'string' }, map: { type: 'string', multiple: true }, limit: { type: 'string' } },
    optionHelp: {
      package: 'the package (id@version) whose model made the decisions (required)',
      format: 'csv, parquet or ndjson (default: from the extension and content)',
      map: 'map a canonical field or feature to a column of the file (repeatable)',
      limit: 'rows to show (default 20)',
    },
    async run(inv) {
      if (typeof inv.values.package !== 'string') {
        throw new AssayError('BAD_ARGUMENT', 'assay log preview needs --package REF, the package (id@version) whose model made the decisions.');
      }
      const p = (await inv.service(inv.positionals[0]!).call('log.preview', {
        path: inv.positionals[1]!, package: inv.values.package, format: inv.values.format, map: parseMap(inv.values.map),
        limit: inv.values.limit === undefined ? undefined : Number(inv.values.limit),
      }, inv.context)) as LogPreviewData;
      const missing = p.fields.filter((f) => f.required && p.mapping[f.name] === null).map((f) => f.name);
      return {
        result: p,
        text: lines(
          `${p.path} (${p.format}): ${p.columns.length} columns`,
          table(['field', 'kind', 'column'], p.fields.map((f) => [f.name, f.kind, p.mapping[f.name] ?? (f.required ? 'MISSING' : '—')])),
          missing.length ? `Not importable as is: no column for ${missing.join(', ')}; map them with --map FIELD=COLUMN.` : 'Every required field has a column.',
          p.personalSuggestions.length ? `Columns that look personal (mark them with --personal): ${p.personalSuggestions.join(', ')}` : null,
          '',
          p.rows.length ? table(p.columns.map((c) => c.name), p.rows.map((r) => p.columns.map((c) => r[c.name] === null || r[c.name] === undefined ? '' : String(r[c.name])))) : 'The file has no rows.',
        ),
      };
    },
  },
  {
    name: 'log list',
    usage: 'assay log list CASE',
    summary: 'List the decision logs of a case.',
    positionals: ['CASE'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const r = (await inv.service(inv.positionals[0]!).call('log.list', {}, inv.context)) as LogListItem[];
      return { result: r, text: r.length ? table(['log', 'package', 'format', 'rows', 'quarantined', 'sha256'], r.map((l) => [l.name, l.packageRef, l.format, l.rows, l.quarantined, l.sourceSha256.slice(0, 16)])) : 'No logs.' };
    },
  },
  {
    name: 'log quarantine',
    usage: 'assay log quarantine CASE --log NAME [--offset N] [--limit N]',
    summary: 'List the quarantined rows of a log with their reasons.',
    positionals: ['CASE'],
    options: { log: { type: 'string' }, offset: { type: 'string' }, limit: { type: 'string' } },
    optionHelp: { log: 'the log name (required)', offset: 'skip N rows', limit: 'at most N rows (default 100)' },
    async run(inv) {
      if (typeof inv.values.log !== 'string') throw new AssayError('BAD_ARGUMENT', 'assay log quarantine needs --log NAME.');
      const r = (await inv.service(inv.positionals[0]!).call('log.quarantine', { log: inv.values.log, offset: int(inv.values.offset, 'offset'), limit: int(inv.values.limit, 'limit') }, inv.context)) as QuarantinePage;
      return { result: r, text: lines(`${r.total} quarantined rows in "${r.log}".`, r.rows.length ? table(['row', 'decision id', 'reason', 'detail'], r.rows.map((q) => [q.sourceRow, q.decisionId, q.reason, q.detail])) : null) };
    },
  },
  {
    name: 'log rows',
    usage: 'assay log rows CASE --log NAME [--offset N] [--limit N]',
    summary: 'Print a page of decisions of a log.',
    positionals: ['CASE'],
    options: { log: { type: 'string' }, offset: { type: 'string' }, limit: { type: 'string' } },
    optionHelp: { log: 'the log name (required)', offset: 'skip N rows', limit: 'at most N rows (default 100)' },
    async run(inv) {
      if (typeof inv.values.log !== 'string') throw new AssayError('BAD_ARGUMENT', 'assay log rows needs --log NAME.');
      const r = (await inv.service(inv.positionals[0]!).call('log.rows', { log: inv.values.log, offset: int(inv.values.offset, 'offset'), limit: int(inv.values.limit, 'limit') }, inv.context)) as RowsPage;
      const names = r.columns.map((c) => c.name);
      return { result: r, text: lines(`rows ${r.offset + 1}..${r.offset + r.rows.length} of ${r.total}`, table(names, r.rows.map((row) => names.map((n) => row[n] as string)))) };
    },
  },
];
