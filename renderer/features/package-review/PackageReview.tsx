import type { ReactNode } from 'react';
import type { PackageDetail } from '../../../src/api/contract.ts';
import { href } from '../../app/router.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { Await, formatNumber, Hash, JsonTree, KeyValues } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';

const STATUS_TEXT: Record<string, string> = { ok: '✓ verified', mismatch: '✗ mismatch', missing: '✗ missing', unlisted: '! not in manifest' };

function Manifest({ p }: { p: PackageDetail }) {
  const m = p.manifest as Record<string, unknown>;
  const features = (Array.isArray(m.features) ? m.features : []) as { name: string; type: string; levels?: string[]; description?: string }[];
  const items: [string, ReactNode][] = [
    ['Format', String(m.format ?? '—')],
    ['Task', String(m.task ?? '—')],
    ['Model file', <JsonTree value={m.model} />],
    ['Input layout', <JsonTree value={m.input} />],
    ['Output', <JsonTree value={m.output} />],
    ['Positive class', String(m.positive_class ?? '—')],
    ['Threshold', String(m.threshold ?? '—')],
    ['Favorable outcome', String(m.favorable_outcome ?? '—')],
    ['Outcome labels', <JsonTree value={m.outcome_labels} />],
    ['Label', String(m.label ?? '—')],
    ['Protected attributes', <JsonTree value={m.protected_attributes} />],
    ['Reference data', <JsonTree value={m.reference_data} />],
  ];
  return (
    <>
      <KeyValues label="Manifest" items={items} />
      <h3>Features ({features.length})</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Type</th>
              <th scope="col">Levels</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {features.map((f) => (
              <tr key={f.name}>
                <td>
                  <code>{f.name}</code>
                </td>
                <td>{f.type}</td>
                <td>{f.levels?.join(', ') ?? '—'}</td>
                <td>{f.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Lineage({ p }: { p: PackageDetail }) {
  const lineage = p.lineage as Record<string, unknown>;
  const imp = (lineage.assay_import ?? {}) as { rewrites?: Record<string, unknown>[] };
  const rewrites = imp.rewrites ?? [];
  return (
    <>
      {rewrites.length > 0 && (
        <div className="notice" role="note" data-testid="rewrites">
          <strong>Rewritten on import.</strong>{' '}
          {rewrites.map((r, i) =>
            r.kind === 'zipmap-removed' ? (
              <span key={i}>
                The ZipMap on output <code>{String(r.output)}</code> was removed so that ONNX Runtime can return the probability tensor{' '}
                (<code>{String(r.probabilityTensor)}</code>, classes {JSON.stringify(r.classLabels)}, {String(r.method)}).{' '}
              </span>
            ) : (
              <span key={i}>
                <JsonTree value={r} />
              </span>
            ),
          )}
          The original file keeps its hash below; the runtime model is recorded as <code>.assay/runtime-model.onnx</code>.
        </div>
      )}
      <JsonTree value={lineage} />
    </>
  );
}

function Files({ p }: { p: PackageDetail }) {
  const checks = new Map(p.verification.files.map((f) => [f.path, f]));
  const paths = [...new Set([...p.files.map((f) => f.path), ...checks.keys()])].sort();
  return (
    <>
      <p>
        Verification:{' '}
        <strong className={p.verification.ok ? 'ok' : 'bad'} data-testid="verification">
          {p.verification.ok ? '✓ every listed file matches its sha256' : '✗ verification failed'}
        </strong>
        . Signature: {p.verification.signature.present ? p.verification.signature.status : 'none (the package is not signed)'}.
      </p>
      {p.verification.problems.length > 0 && (
        <ul className="bad">
          {p.verification.problems.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">sha256</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {paths.map((path) => {
              const f = p.files.find((x) => x.path === path);
              const c = checks.get(path);
              return (
                <tr key={path}>
                  <td>
                    <code>{path}</code>
                  </td>
                  <td className="num">{f ? f.size.toLocaleString('en') : '—'}</td>
                  <td>
                    <Hash value={f?.sha256 ?? c?.actual} />
                  </td>
                  <td className={c ? (c.status === 'ok' ? 'ok' : 'bad') : 'muted'}>{c ? STATUS_TEXT[c.status] ?? c.status : 'stored by Assay'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Graph({ p }: { p: PackageDetail }) {
  const g = p.graphSummary;
  const max = Math.max(1, ...g.operators.map((o) => o.count));
  return (
    <>
      <KeyValues
        label="ONNX graph"
        items={[
          ['Producer', `${g.producerName || '—'} ${g.producerVersion}`],
          ['IR version', g.irVersion],
          ['Opsets', g.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')],
          ['Nodes', g.nodeCount],
          ['Initializers', `${g.initializerCount} (${g.parameterCount.toLocaleString('en')} parameters)`],
          ['ZipMap in the graph', g.hasZipMap ? 'yes' : 'no'],
          ['Metadata', <JsonTree value={g.metadata} />],
        ]}
      />
      <h3>Inputs and outputs</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Direction</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Shape</th>
            </tr>
          </thead>
          <tbody>
            {[...g.inputs.map((t) => ['input', t] as const), ...g.outputs.map((t) => ['output', t] as const)].map(([dir, t]) => (
              <tr key={`${dir}:${t.name}`}>
                <td>{dir}</td>
                <td>
                  <code>{t.name}</code>
                </td>
                <td>{t.kind === 'tensor' ? `tensor(${t.elemType ?? '?'})` : t.typeText}</td>
                <td>{t.shape ? `[${t.shape.map((d) => d ?? '?').join(', ')}]` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Operators</h3>
      <table className="histogram" aria-label="Operator histogram">
        <thead>
          <tr>
            <th scope="col">Operator</th>
            <th scope="col" className="num">Count</th>
            <th scope="col">
              <span className="visually-hidden">Bar</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {g.operators.map((o) => (
            <tr key={`${o.domain}:${o.opType}`}>
              <td>
                <code>{o.domain ? `${o.domain}.` : ''}{o.opType}</code>
              </td>
              <td className="num">{o.count}</td>
              <td>
                <meter min={0} max={max} value={o.count} aria-label={`${o.opType}: ${o.count}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function PackageReview({ ref_ }: { ref_: string }) {
  const state = useCall('package.show', { ref: ref_ }, ref_);
  return (
    <Await state={state} what={`the package ${ref_}`}>
      {(p) => (
        <article aria-labelledby="pkg-title">
          <p className="crumbs">
            <a href={href.home()}>Case</a> › Package
          </p>
          <h1 id="pkg-title">{p.ref}</h1>
          <KeyValues
            label="Package"
            items={[
              ['Source', p.sourceKind],
              ['Model sha256', <Hash value={p.modelSha256} />],
              ['Imported', `${p.importedAt} by ${p.importedBy}`],
            ]}
          />
          <section aria-labelledby="sec-manifest">
            <h2 id="sec-manifest">Manifest</h2>
            <Manifest p={p} />
          </section>
          <section aria-labelledby="sec-smoke">
            <h2 id="sec-smoke">Smoke test</h2>
            {p.smokeTest ? (
              <KeyValues
                label="Smoke test"
                items={[
                  ['Reference rows scored', p.smokeTest.rows],
                  ['Score min / mean / max', `${formatNumber(p.smokeTest.min)} / ${formatNumber(p.smokeTest.mean)} / ${formatNumber(p.smokeTest.max)}`],
                  ['Positive rate at threshold ' + p.smokeTest.threshold, formatNumber(p.smokeTest.positiveRate, 3)],
                  ['Run', <code>{p.smokeTest.runId}</code>],
                ]}
              />
            ) : (
              <p className="muted">No smoke test: the package has no reference data.</p>
            )}
          </section>
          <section aria-labelledby="sec-files">
            <h2 id="sec-files">File hashes</h2>
            <Files p={p} />
          </section>
          <section aria-labelledby="sec-graph">
            <h2 id="sec-graph">ONNX graph</h2>
            <Graph p={p} />
          </section>
          <section aria-labelledby="sec-lineage">
            <h2 id="sec-lineage">Lineage</h2>
            <Lineage p={p} />
          </section>
          <section aria-labelledby="sec-card">
            <h2 id="sec-card">Model card</h2>
            {p.card ? <Markdown source={p.card} /> : <p className="muted">The package has no model card.</p>}
          </section>
        </article>
      )}
    </Await>
  );
}
