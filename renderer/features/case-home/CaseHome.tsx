import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href } from '../../app/router.ts';
import { Await, Hash, KeyValues } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';

export function CaseHome() {
  const info = useCall('case.info', {}, 'case');
  return (
    <Await state={info} what="the case">
      {(c) => (
        <section aria-labelledby="case-title">
          <h1 id="case-title">{c.title || 'Untitled case'}</h1>
          <KeyValues
            label="Case"
            items={[
              ['Case id', <code data-testid="case-id">{c.caseId}</code>],
              ['File', <code>{c.path}</code>],
              ['Created', `${c.createdAt} by ${c.createdBy}`],
              ['Schema version', c.schemaVersion],
              ['Analysis runs', <span data-testid="runs">{c.runs}</span>],
              ['Audit entries', <span data-testid="audit-entries">{c.auditEntries}</span>],
            ]}
          />
          <h2>Packages ({c.packages.length})</h2>
          {c.packages.length === 0 ? (
            <p className="muted">No package yet: import one with “assay package import”.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Package</th>
                    <th scope="col">Source</th>
                    <th scope="col">Model sha256</th>
                    <th scope="col">Imported</th>
                  </tr>
                </thead>
                <tbody>
                  {c.packages.map((p) => (
                    <tr key={p.ref}>
                      <td>
                        <a href={href.package(p.ref)}>{p.ref}</a>
                      </td>
                      <td>{p.sourceKind}</td>
                      <td>
                        <Hash value={p.modelSha256} />
                      </td>
                      <td>
                        {p.importedAt} by {p.importedBy}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>Decision logs ({c.logs.length})</h2>
          <p>
            <a href={href.importLog()} data-testid="import-log">Import a decision log</a> <span className="muted">(or drop a log or a package anywhere on this window)</span>
          </p>
          {c.logs.length === 0 ? (
            <p className="muted">No log yet: <a href={href.importLog()}>import one</a>, or drop the file on this window.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Log</th>
                    <th scope="col">Package</th>
                    <th scope="col" className="num">Rows</th>
                    <th scope="col" className="num">Quarantined</th>
                    <th scope="col">Format</th>
                    <th scope="col">Analyses</th>
                  </tr>
                </thead>
                <tbody>
                  {c.logs.map((l) => (
                    <tr key={l.name}>
                      <td>
                        <a href={href.explorer(l.name)}>{l.name}</a>
                      </td>
                      <td>
                        <a href={href.package(l.packageRef)}>{l.packageRef}</a>
                      </td>
                      <td className="num">{l.rows.toLocaleString('en')}</td>
                      <td className={`num${l.quarantined ? ' warn' : ''}`}>{l.quarantined.toLocaleString('en')}</td>
                      <td>{l.format}</td>
                      <td>
                        <LogScreenLinks log={l.name} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </Await>
  );
}
