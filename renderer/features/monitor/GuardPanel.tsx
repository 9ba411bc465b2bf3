import type { GuardResult, RuleOutcome } from '../../../src/api/contract.ts';
import { href } from '../../app/router.ts';
import { Badge, Provenance, Warnings } from '../../components/analysis.tsx';
import { formatNumber } from '../../components/ui.tsx';
import { describeWindow } from './windows.ts';

/** The example of docs/formats.md §5, the editor's starting text. */
export const EXAMPLE_RULES = `format: assay-guardrails/1
rules:
  - name: credit amount drift
    check: psi(credit_amount) > 0.2
    action: alert
  - name: four-fifths rule
    check: disparateImpact(sex) < 0.8
    action: block
  - name: doubtful decisions
    check: 0.45 <= score <= 0.55
    action: route
  - name: inputs never seen in the reference
    check: outsideReferenceRange(*)
    action: route
`;

function RuleCard({ rule }: { rule: RuleOutcome }) {
  return (
    <li className={`rule-card action-${rule.action}${rule.fired ? ' fired' : ''}`} data-testid="guard-rule" data-fired={rule.fired} data-action={rule.action}>
      <div className="finding-head">
        <strong>{rule.name}</strong>
        <span className={`sev rule-action-${rule.action}`}>{rule.action}</span>
        <span className="muted">line {rule.line}</span>
        <span className="finding-status">{rule.fired ? <Badge tone="bad">fired</Badge> : <Badge tone="ok">held</Badge>}</span>
      </div>
      <p className="finding-text">
        <code>{rule.check}</code> <span className="muted">({rule.scope === 'row' ? 'per decision' : 'over the window'})</span>
      </p>
      <p className="finding-meta">{rule.message}</p>
      {rule.observed.length > 0 && (
        <ul className="observed">
          {rule.observed.map((o) => (
            <li key={o.subject} className={o.fired ? 'bad' : undefined}>
              {o.subject}: {formatNumber(o.value, 4)}
              {o.fired ? ' — fires' : ''}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function GuardBoard({ r, log }: { r: GuardResult; log: string }) {
  const columns: { action: RuleOutcome['action']; title: string }[] = [
    { action: 'block', title: 'Block: stops a deployment' },
    { action: 'alert', title: 'Alert: reported' },
    { action: 'route', title: 'Route: decisions to a person' },
  ];
  return (
    <>
      <div className={`verdict ${r.blocked ? 'verdict-bad' : 'verdict-ok'}`} data-testid="guard-verdict">
        <p>
          <strong>{r.blocked ? 'block' : 'pass'}</strong> —{' '}
          {r.blocked
            ? `a blocking rule fired (${r.rules.filter((x) => x.fired && x.action === 'block').map((x) => x.name).join(', ')}); assay guard exits 1 and a pipeline stops here.`
            : 'no blocking rule fired; assay guard exits 0.'}{' '}
          {r.fired.length} of {r.rules.length} rules fired; {r.routed.rows.toLocaleString('en')} decisions routed to review.
        </p>
        <p className="muted">
          Rules SHA-256 <code>{r.rulesSha256.slice(0, 16)}…</code>; reference: {describeWindow(r.reference)}; current: {describeWindow(r.current)}; run <code>{r.runId}</code>.
        </p>
      </div>
      <Warnings items={r.warnings} />
      <div className="guard-board" data-testid="guard-board">
        {columns.map((c) => {
          const rules = r.rules.filter((x) => x.action === c.action);
          return (
            <section key={c.action} className="guard-column" aria-label={c.title}>
              <h3>
                {c.title} <span className="muted">({rules.filter((x) => x.fired).length} fired)</span>
              </h3>
              {rules.length ? (
                <ul className="finding-list">
                  {rules.map((x) => (
                    <RuleCard key={x.name} rule={x} />
                  ))}
                </ul>
              ) : (
                <p className="muted">No rule with this action.</p>
              )}
            </section>
          );
        })}
      </div>
      <section aria-labelledby="routed-title">
        <h2 id="routed-title">Decisions routed to review</h2>
        {r.routed.rows === 0 ? (
          <p className="muted">None: no routing rule matched a decision.</p>
        ) : (
          <>
            <p>
              {r.routed.rows.toLocaleString('en')} decisions written to table <code>{r.routed.table}</code> (decision_id, _row, rule)
              {r.routed.truncated ? `; the first ${r.routed.decisionIds.length} are listed` : ''}. Open one to review it.
            </p>
            <ul className="routed-list" data-testid="guard-routed">
              {r.routed.decisionIds.map((id) => (
                <li key={id}>
                  <a href={href.decision(log, id)}>{id}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <Provenance>Rules evaluated as in docs/formats.md §5 and docs/metrics.md, Guardrails; comparisons exact at their bounds; an undefined metric never fires.</Provenance>
    </>
  );
}
