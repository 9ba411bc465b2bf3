import { useState, type FormEvent } from 'react';
import type { MethodArgs, ReportCreateResult, ReportSection, ReportVerifyResult, TestCertificateResult } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { Badge, Warnings } from '../../components/analysis.tsx';
import { ErrorBox, Hash, KeyValues } from '../../components/ui.tsx';
import { GovernanceLinks } from '../governance/governance-nav.tsx';
import { loadSessionReports, saveSessionReports, type SessionReport } from './report-session.ts';

/** The sections of contract-report.ts's REPORT_SECTIONS (a type-only import: the check below keeps them in step). */
const SECTIONS = [
  { id: 'summary', label: 'Executive summary', hint: 'guardrails and policy thresholds, pass/fail' },
  { id: 'package', label: 'Package review', hint: 'card, lineage, signature verification' },
  { id: 'data', label: 'Data', hint: 'logs, rows, quarantine' },
  { id: 'replay', label: 'Replay verification', hint: 'logged scores reproduced by the model' },
  { id: 'fairness', label: 'Fairness', hint: 'tables and charts with intervals and flags' },
  { id: 'explanations', label: 'Explanations', hint: 'global importance, selected decisions' },
  { id: 'drift', label: 'Drift and monitoring', hint: 'drift, timeline, challenger, guardrails' },
  { id: 'findings', label: 'Findings', hint: 'the findings board' },
  { id: 'audit', label: 'Audit trail', hint: 'its head hash and verification' },
  { id: 'appendix', label: 'Appendix', hint: 'every run with parameters, seed and input hashes' },
] as const satisfies readonly { id: ReportSection; label: string; hint: string }[];
type Missing = Exclude<ReportSection, (typeof SECTIONS)[number]['id']>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

function CheckList({ v }: { v: ReportVerifyResult }) {
  return (
    <div className={`verdict ${v.ok ? 'verdict-ok' : 'verdict-bad'}`} data-testid="report-verification">
      <p>
        {v.ok ? <Badge tone="ok">Verified</Badge> : <Badge tone="bad">Failed</Badge>}{' '}
        {v.signer ? (
          <>
            signed by <strong>{v.signer.commonName}</strong>
            {v.signer.selfSigned ? ' (self-signed)' : ''} at {v.signingTime ?? '—'}
          </>
        ) : (
          'not signed'
        )}
        {v.comparedWithCase ? '; evidence compared with the open case' : ''}.
      </p>
      <table className="checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {v.checks.map((c, i) => (
            <tr key={`${c.check}-${i}`} data-check={c.check}>
              <th scope="row">{c.check}</th>
              <td className={c.ok ? 'ok' : 'bad'}>{c.ok ? 'ok' : `failed${c.code ? ` (${c.code})` : ''}`}</td>
              <td>{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Warnings items={v.warnings} />
    </div>
  );
}

function CreatedSummary({ r }: { r: ReportCreateResult }) {
  return (
    <div data-testid="report-created">
      <KeyValues
        label="The report written"
        items={[
          ['PDF', <code data-testid="report-out">{r.out}</code>],
          ['Pages', <span data-testid="report-pages">{r.pages}</span>],
          ['Size', `${r.bytes.toLocaleString('en')} bytes`],
          ['PDF SHA-256', <Hash value={r.pdfSha256} />],
          ['Evidence manifest SHA-256', <span data-testid="report-manifest"><Hash value={r.evidenceManifestSha256} /></span>],
          ['HTML', r.html ? <code>{r.html}</code> : <span className="muted">not written</span>],
          ['Evidence bundle', r.evidence ? <code>{r.evidence}</code> : <span className="muted">embedded in the PDF only</span>],
          ['Runs reported', String(r.runs)],
          ['As of', r.asOf],
          [
            'Signature',
            r.signature ? (
              <span data-testid="report-signer">
                {r.signature.signer} {r.signature.selfSigned ? <Badge tone="neutral">self-signed</Badge> : null} — PAdES {r.signature.subFilter}, certificate valid {r.signature.validFrom} to{' '}
                {r.signature.validTo}
              </span>
            ) : (
              <span className="muted">unsigned</span>
            ),
          ],
        ]}
      />
      <h3>Sections</h3>
      <ol className="section-list" data-testid="report-sections">
        {r.sections.map((s) => (
          <li key={s.id} className={s.present ? '' : 'warn'}>
            {s.title} {s.present ? <span className="ok">✓</span> : <span className="bad">(its run is missing: the section says so)</span>}
          </li>
        ))}
      </ol>
      <Warnings items={r.warnings} />
      <p className="muted">The host serves no files from your disk, so the report is not previewed here: open the PDF{r.html ? ' or the HTML' : ''} above.</p>
    </div>
  );
}

function TestCertificate({ onMade }: { onMade: (t: TestCertificateResult, password: string) => void }) {
  const [out, setOut] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <details className="panel">
      <summary>No key yet? Make a self-signed TEST certificate</summary>
      <form
        className="form-grid"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          call('report.testCertificate', { out: out.trim(), password }).then(
            (t) => onMade(t, password),
            (err: unknown) => setError(messageOf(err)),
          ).finally(() => setBusy(false));
        }}
      >
        <label htmlFor="cert-out">Folder</label>
        <input id="cert-out" value={out} onChange={(e) => setOut(e.target.value)} required placeholder="/home/me/keys" data-testid="cert-out" />
        <label htmlFor="cert-password">Password</label>
        <input id="cert-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" data-testid="cert-password" />
        <span />
        <button type="submit" disabled={busy || !out.trim() || !password} data-testid="cert-create">
          Make the test certificate
        </button>
      </form>
      {error && <ErrorBox message={error} />}
      <p className="muted">A test certificate proves nothing about who signed: it is labelled TEST and self-signed. Use your organisation's certificate for a real report.</p>
    </details>
  );
}

function Builder({ onCreated }: { onCreated: (r: ReportCreateResult) => void }) {
  const [sections, setSections] = useState<Set<ReportSection>>(new Set(SECTIONS.map((s) => s.id)));
  const [out, setOut] = useState('');
  const [html, setHtml] = useState(true);
  const [evidence, setEvidence] = useState(false);
  const [sign, setSign] = useState(false);
  const [p12, setP12] = useState('');
  const [password, setPassword] = useState('');
  const [strict, setStrict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const base = out.trim().replace(/\.pdf$/i, '');
  const toggle = (id: ReportSection) =>
    setSections((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const args: MethodArgs<'report.create'> = {
      out: out.trim(),
      sections: SECTIONS.map((s) => s.id).filter((id) => sections.has(id)),
      ...(html ? { html: `${base}.html` } : {}),
      ...(evidence ? { evidence: `${base}-evidence.zip` } : {}),
      ...(sign ? { sign: p12.trim(), password } : {}),
      ...(strict ? { strict: true } : {}),
    };
    call('report.create', args).then(onCreated, (err: unknown) => setError(messageOf(err))).finally(() => setBusy(false));
  };
  return (
    <div>
      <form onSubmit={submit} aria-labelledby="builder-title" className="panel" data-testid="report-builder">
        <h2 id="builder-title">Build a report</h2>
        <fieldset className="sections">
          <legend>Sections (the cover is always there)</legend>
          {SECTIONS.map((s) => (
            <label key={s.id} className="section-check">
              <input type="checkbox" checked={sections.has(s.id)} onChange={() => toggle(s.id)} data-section={s.id} /> {s.label} <span className="muted">— {s.hint}</span>
            </label>
          ))}
          <div className="wizard-actions">
            <button type="button" onClick={() => setSections(new Set(SECTIONS.map((s) => s.id)))}>
              All
            </button>
            <button type="button" onClick={() => setSections(new Set())}>
              None
            </button>
          </div>
        </fieldset>
        <div className="form-grid">
          <label htmlFor="report-out">PDF to write</label>
          <span>
            <input id="report-out" value={out} onChange={(e) => setOut(e.target.value)} required size={50} placeholder="/home/me/reports/credit-2026.pdf" data-testid="report-out-path" />
            <span className="muted field-help">a path on this computer (the host's disk)</span>
          </span>
          <span />
          <label className="opt">
            <input type="checkbox" checked={html} onChange={(e) => setHtml(e.target.checked)} /> also the HTML version{base ? <code> {base}.html</code> : null}
          </label>
          <span />
          <label className="opt">
            <input type="checkbox" checked={evidence} onChange={(e) => setEvidence(e.target.checked)} /> also the evidence bundle as a file{base ? <code> {base}-evidence.zip</code> : null}
          </label>
          <span />
          <label className="opt">
            <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> strict: refuse an expired certificate or a chosen section without its run
          </label>
          <span />
          <label className="opt">
            <input type="checkbox" checked={sign} onChange={(e) => setSign(e.target.checked)} data-testid="report-sign" /> sign it (PAdES, with a PKCS#12 key and certificate)
          </label>
          {sign && (
            <>
              <label htmlFor="report-p12">PKCS#12 file (.p12)</label>
              <input id="report-p12" value={p12} onChange={(e) => setP12(e.target.value)} required size={50} data-testid="report-p12" />
              <label htmlFor="report-password">Its password</label>
              <span>
                <input id="report-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" data-testid="report-password" />
                <span className="muted field-help">sent to the host for this call only; the audit trail records it as [redacted]</span>
              </span>
            </>
          )}
        </div>
        {error && <ErrorBox message={error} />}
        <button type="submit" disabled={busy || !out.trim() || sections.size === 0 || (sign && !p12.trim())} data-testid="report-create">
          {busy ? 'Writing the report…' : sign ? 'Write and sign the report' : 'Write the report'}
        </button>
      </form>
      {sign && (
        <TestCertificate
          onMade={(t, pw) => {
            setP12(t.p12);
            setPassword(pw);
            setMade(`Made ${t.subject} (valid ${t.notBefore} to ${t.notAfter}); its file and password are filled in above.`);
          }}
        />
      )}
      {made && (
        <p className="ok" role="status" data-testid="cert-made">
          {made}
        </p>
      )}
    </div>
  );
}

function SessionList({ items, onVerify, busy }: { items: SessionReport[]; onVerify: (i: number) => void; busy: number | null }) {
  if (items.length === 0) return <p className="muted">No report made in this session yet.</p>;
  return (
    <ul className="report-list" data-testid="report-list">
      {[...items].reverse().map((r) => {
        const i = items.indexOf(r);
        return (
          <li key={`${r.created.out}-${r.createdAt}`} data-report={r.created.out}>
            <div className="finding-head">
              <code>{r.created.out}</code> — {r.created.pages} pages, {r.created.signature ? `signed by ${r.created.signature.signer}` : 'unsigned'}, written {r.createdAt}{' '}
              {r.verification ? (
                r.verification.ok ? (
                  <Badge tone="ok">verified</Badge>
                ) : (
                  <Badge tone="bad">verification failed</Badge>
                )
              ) : (
                <Badge tone="neutral">not verified</Badge>
              )}{' '}
              <button type="button" onClick={() => onVerify(i)} disabled={busy !== null} data-testid="report-verify">
                {busy === i ? 'Verifying…' : 'Verify'}
              </button>
            </div>
            {r.verification && (
              <>
                <p className="muted">Verified {r.verifiedAt}:</p>
                <CheckList v={r.verification} />
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function VerifyOther() {
  const [path, setPath] = useState('');
  const [state, setState] = useState<{ status: 'idle' | 'running' } | { status: 'done'; v: ReportVerifyResult } | { status: 'error'; message: string }>({ status: 'idle' });
  return (
    <>
      <form
        className="filters"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setState({ status: 'running' });
          call('report.verify', { path: path.trim() }).then(
            (v) => setState({ status: 'done', v }),
            (err: unknown) => setState({ status: 'error', message: messageOf(err) }),
          );
        }}
      >
        <label>
          A report PDF on this computer <input value={path} onChange={(e) => setPath(e.target.value)} size={50} required data-testid="verify-path" />
        </label>
        <button type="submit" disabled={state.status === 'running' || !path.trim()}>
          Verify
        </button>
      </form>
      {state.status === 'done' && <CheckList v={state.v} />}
      {state.status === 'error' && <ErrorBox message={state.message} />}
    </>
  );
}

export function Reports() {
  const [items, setItems] = useState<SessionReport[]>(loadSessionReports);
  const [last, setLast] = useState<ReportCreateResult | null>(null);
  const [verifying, setVerifying] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = (next: SessionReport[]) => {
    setItems(next);
    saveSessionReports(next);
  };
  const verify = (i: number) => {
    setVerifying(i);
    setError(null);
    call('report.verify', { path: items[i]!.created.out }).then(
      (v) => update(items.map((r, j) => (j === i ? { ...r, verification: v, verifiedAt: new Date().toISOString() } : r))),
      (err: unknown) => setError(messageOf(err)),
    ).finally(() => setVerifying(null));
  };
  return (
    <section aria-labelledby="reports-title">
      <GovernanceLinks current="reports" />
      <h1 id="reports-title">Compliance reports</h1>
      <p className="muted">
        A report is composed from the runs recorded in the case (nothing is recomputed), written as PDF with the evidence bundle attached, and optionally signed
        (PAdES B-B) so that any later change is detected by standard PDF tools and by Verify below.
      </p>
      <div className="two-col">
        <Builder
          onCreated={(r) => {
            setLast(r);
            update([...items, { created: r, createdAt: new Date().toISOString(), verification: null, verifiedAt: null }]);
          }}
        />
        <div>{last ? <CreatedSummary r={last} /> : <p className="muted">The report's pages, sections, hashes and warnings appear here once it is written.</p>}</div>
      </div>
      <h2>Reports of this session</h2>
      {error && <ErrorBox message={error} />}
      <SessionList items={items} onVerify={verify} busy={verifying} />
      <h2>Verify a report</h2>
      <VerifyOther />
    </section>
  );
}
