import { useEffect, useMemo, useState } from 'react';
import type { LogImportData, LogPreviewData, PackageListItem, QuarantinePage } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { fileToPath, type LocalFile } from '../../api/upload.ts';
import { href } from '../../app/router.ts';
import { ErrorBox } from '../../components/ui.tsx';
import { useJob } from '../../components/job.ts';
import { takeDroppedLog } from './dropped-file.ts';

const NONE = '';

function baseName(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/^[0-9a-f]{16}-/, '').replace(/\.[^.]+$/, '');
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Step 1: which file, for which package. */
function SourceStep({ packages, onPreview }: { packages: PackageListItem[]; onPreview: (path: string, pkg: string, shownName: string) => void }) {
  const [path, setPath] = useState('');
  const [pkg, setPkg] = useState(packages[0]?.ref ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const local = await fileToPath(file);
      onPreview(local.path, pkg, baseName(local.name));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  if (packages.length === 0) return <p className="notice">Import the model package first: a log is read against its package's inputs.</p>;
  return (
    <form
      className="wizard-step"
      aria-label="Choose the log"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) onPreview(path.trim(), pkg, baseName(path.trim()));
      }}
    >
      <label>
        Package whose model made the decisions{' '}
        <select value={pkg} onChange={(e) => setPkg(e.target.value)} data-testid="wizard-package">
          {packages.map((p) => (
            <option key={p.ref} value={p.ref}>
              {p.ref}
            </option>
          ))}
        </select>
      </label>
      <label>
        Path of the log on this computer (CSV, Parquet or NDJSON){' '}
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} size={60} placeholder="/data/decisions-2025.csv" data-testid="wizard-path" />
      </label>
      <button type="submit" disabled={!path.trim() || busy}>
        Preview
      </button>
      <p className="muted">
        Or choose the file: <input type="file" accept=".csv,.tsv,.txt,.parquet,.ndjson,.jsonl,.json" onChange={(e) => void choose(e.target.files?.[0])} disabled={busy} aria-label="Choose a log file" /> — or drop it anywhere on this window.
      </p>
      {busy && <p role="status">Reading the file…</p>}
      {error && <ErrorBox message={error} />}
    </form>
  );
}

/** Step 2: the first rows, the mapping (editable) and the personal columns. */
function PreviewStep(props: {
  preview: LogPreviewData;
  pkg: string;
  initialName: string;
  onRemap: (map: Record<string, string>) => void;
  onImport: (args: { name: string; map: Record<string, string>; personal: string[] }) => void;
  onBack: () => void;
}) {
  const { preview } = props;
  const [map, setMap] = useState<Record<string, string>>({});
  const [personal, setPersonal] = useState<Set<string>>(() => new Set(preview.personalSuggestions));
  const [name, setName] = useState(props.initialName);
  const mapped = (field: string) => (field in map ? map[field] || null : preview.mapping[field] ?? null);
  const missing = preview.fields.filter((f) => f.required && mapped(f.name) === null).map((f) => f.name);
  const dirty = Object.entries(map).some(([f, c]) => (c || null) !== (preview.mapping[f] ?? null));
  return (
    <div className="wizard-step">
      <p>
        <code>{preview.path}</code> — {preview.format}, {preview.columns.length} columns, the first {preview.rows.length} rows as they are in the file.
      </p>
      <div className="table-wrap preview-rows">
        <table data-testid="wizard-preview">
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c.name} scope="col" title={c.type}>
                  {c.name}
                  <br />
                  <span className="muted">{c.type}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i}>
                {preview.columns.map((c) => (
                  <td key={c.name}>{personal.has(c.name) ? <span className="muted">personal</span> : cell(r[c.name])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="two-col">
        <section aria-labelledby="mapping-title">
          <h2 id="mapping-title">Mapping</h2>
          <p className="muted">Each field of a decision log and each model input, and the column it is read from.</p>
          <table data-testid="wizard-mapping">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Kind</th>
                <th scope="col">Column of the file</th>
              </tr>
            </thead>
            <tbody>
              {preview.fields.map((f) => {
                const value = mapped(f.name) ?? NONE;
                const bad = f.required && value === NONE;
                return (
                  <tr key={f.name} className={bad ? 'bad' : undefined}>
                    <th scope="row">{f.name}</th>
                    <td>
                      {f.kind}
                      {f.required ? ' (required)' : ''}
                    </td>
                    <td>
                      <select aria-label={`Column for ${f.name}`} value={value} onChange={(e) => setMap((m) => ({ ...m, [f.name]: e.target.value }))}>
                        <option value={NONE}>— none —</option>
                        {preview.columns.map((c) => (
                          <option key={c.name} value={c.name}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {dirty && (
            <button type="button" onClick={() => props.onRemap(Object.fromEntries(Object.entries(map).filter(([, c]) => c !== NONE)))}>
              Check the mapping against the file
            </button>
          )}
        </section>
        <section aria-labelledby="personal-title">
          <h2 id="personal-title">Personal data</h2>
          <p className="muted">Columns marked personal are masked for roles that may not see personal data, in every table, export and report.</p>
          <fieldset data-testid="wizard-personal">
            <legend className="visually-hidden">Columns holding personal data</legend>
            {preview.columns.map((c) => (
              <label key={c.name} className="check">
                <input
                  type="checkbox"
                  checked={personal.has(c.name)}
                  onChange={(e) =>
                    setPersonal((s) => {
                      const next = new Set(s);
                      if (e.target.checked) next.add(c.name);
                      else next.delete(c.name);
                      return next;
                    })
                  }
                />{' '}
                {c.name}
                {preview.personalSuggestions.includes(c.name) && <span className="muted"> (suggested)</span>}
              </label>
            ))}
          </fieldset>
        </section>
      </div>
      <form
        className="wizard-actions"
        onSubmit={(e) => {
          e.preventDefault();
          // the whole mapping in force — the file's own detection, a checked remapping and the edits since — not only
          // the edits: after "Check the mapping" the edits live in preview.mapping (issue 4: a checked mapping was lost)
          const effective = preview.fields.map((f) => [f.name, mapped(f.name)] as const).filter((e): e is readonly [string, string] => e[1] !== null);
          props.onImport({ name: name.trim(), map: Object.fromEntries(effective), personal: [...personal] });
        }}
      >
        <label>
          Log name in the case <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="wizard-name" required maxLength={100} />
        </label>
        {missing.length > 0 && (
          <p className="error" role="alert">
            No column for {missing.join(', ')}: choose one above before importing.
          </p>
        )}
        <button type="button" onClick={props.onBack}>
          Back
        </button>{' '}
        <button type="submit" disabled={missing.length > 0 || !name.trim()} data-testid="wizard-import">
          Import into the case
        </button>
      </form>
    </div>
  );
}

function QuarantineTable({ log }: { log: string }) {
  const [page, setPage] = useState<QuarantinePage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('log.quarantine', { log, limit: 200 }).then(setPage, (e: unknown) => setError(messageOf(e)));
  }, [log]);
  if (error) return <ErrorBox message={error} />;
  if (!page) return <p role="status">Loading the quarantined rows…</p>;
  if (page.total === 0) return <p className="ok">No row was quarantined.</p>;
  return (
    <>
      <p>
        {page.total.toLocaleString('en')} rows were quarantined{page.total > page.rows.length ? `; the first ${page.rows.length} are shown` : ''}. They are kept in the case with their reason and are left out of every analysis.
      </p>
      <div className="table-wrap">
        <table data-testid="wizard-quarantine">
          <thead>
            <tr>
              <th scope="col" className="num">Row of the file</th>
              <th scope="col">Decision id</th>
              <th scope="col">Reason</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.sourceRow}>
                <td className="num">{r.sourceRow}</td>
                <td>{r.decisionId ?? <span className="muted">—</span>}</td>
                <td>{r.reason}</td>
                <td>{r.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ResultStep({ result }: { result: LogImportData }) {
  const reasons = Object.entries(result.quarantineReasons).filter(([, n]) => n > 0);
  return (
    <div className="wizard-step" data-testid="wizard-result">
      <p className="ok">
        Imported <strong>{result.log}</strong> for {result.packageRef}: <strong data-testid="wizard-rows">{result.rows.toLocaleString('en')}</strong> decisions,{' '}
        <strong data-testid="wizard-quarantined">{result.quarantined.toLocaleString('en')}</strong> quarantined.
      </p>
      {reasons.length > 0 && (
        <ul>
          {reasons.map(([r, n]) => (
            <li key={r}>
              {r}: {n.toLocaleString('en')}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        Timestamps {result.timestampRange.from ?? '—'} to {result.timestampRange.to ?? '—'}; outcome missing for {result.missingOutcome.toLocaleString('en')} rows. Personal columns: {result.personalColumns.join(', ') || 'none'}.
      </p>
      {Object.entries(result.unseenValues).map(([f, vs]) => (
        <p key={f} className="warn">
          Values of {f} never seen in the reference data: {vs.map((v) => `${v.value} (${v.count})`).join(', ')}.
        </p>
      ))}
      {result.warnings.map((w) => (
        <p key={w} className="warn">
          {w}
        </p>
      ))}
      <h2>Quarantine</h2>
      <QuarantineTable log={result.log} />
      <p>
        <a href={href.explorer(result.log)}>Explore the decisions of {result.log}</a> · <a href={href.home()}>Back to the case</a>
      </p>
    </div>
  );
}

/** The import wizard: file and package, preview with the mapping and personal columns, import with progress, result. */
export function ImportWizard() {
  const [packages, setPackages] = useState<PackageListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [source, setSource] = useState<{ path: string; pkg: string; name: string } | null>(null);
  const [preview, setPreview] = useState<LogPreviewData | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const job = useJob('log.import');
  const dropped = useMemo<LocalFile | null>(() => takeDroppedLog(), []);

  const load = async (path: string, pkg: string, name: string, map?: Record<string, string>) => {
    setPreviewing(true);
    setError(null);
    setSource({ path, pkg, name });
    try {
      setPreview(await call('log.preview', { path, package: pkg, ...(map ? { map } : {}) }));
    } catch (e) {
      setError(messageOf(e));
      setPreview(null);
    } finally {
      setPreviewing(false);
    }
  };

  useEffect(() => {
    call('package.list', {}).then(
      (list) => {
        setPackages(list);
        if (dropped && list[0]) void load(dropped.path, list[0].ref, baseName(dropped.name));
      },
      (e: unknown) => setError(messageOf(e)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  let body;
  if (job.state.status === 'done') body = <ResultStep result={job.state.value} />;
  else if (job.state.status === 'running') {
    const p = job.state.progress;
    body = (
      <div className="job" role="status" aria-live="polite" data-testid="wizard-progress">
        Importing… {p ? `${p.stage}${p.total ? ` ${p.done ?? 0} of ${p.total}` : ''}` : ''}{' '}
        <button type="button" onClick={job.cancel}>
          Cancel
        </button>
      </div>
    );
  } else if (preview && source) {
    body = (
      <PreviewStep
        key={preview.path + JSON.stringify(preview.mapping)}
        preview={preview}
        pkg={source.pkg}
        initialName={source.name}
        onRemap={(map) => void load(source.path, source.pkg, source.name, map)}
        onImport={(a) => void job.start({ path: source.path, package: source.pkg, name: a.name, ...(Object.keys(a.map).length ? { map: a.map } : {}), personal: a.personal })}
        onBack={() => setPreview(null)}
      />
    );
  } else if (packages) body = <SourceStep packages={packages} onPreview={(path, pkg, name) => void load(path, pkg, name)} />;
  else body = <p role="status">Loading the packages…</p>;

  return (
    <section aria-labelledby="import-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › Import a decision log
      </p>
      <h1 id="import-title">Import a decision log</h1>
      {previewing && <p role="status">Reading the file…</p>}
      {error && <ErrorBox message={error} />}
      {job.state.status === 'error' && <ErrorBox message={job.state.message} />}
      {body}
    </section>
  );
}
