import type { DomainClassifierResult } from '../../../src/api/contract.ts';
import { Provenance, Warnings } from '../../components/analysis.tsx';
import { ImportanceChart } from './charts.tsx';
import { describeWindow } from './windows.ts';

export function ClassifierPanel({ r }: { r: DomainClassifierResult }) {
  return (
    <>
      <div className="stats">
        <div className={`stat${r.auc >= 0.6 ? ' bad' : ''}`}>
          <span className="stat-value" data-testid="classifier-auc">{r.auc.toFixed(3)}</span>
          <span className="stat-label">cross-validated AUC (0.5 = no drift)</span>
        </div>
        <div className="stat">
          <span className="stat-value">{r.folds}</span>
          <span className="stat-label">folds: {r.foldAuc.map((a) => a.toFixed(3)).join(', ')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">
            {r.rows.reference.toLocaleString('en')} / {r.rows.current.toLocaleString('en')}
          </span>
          <span className="stat-label">rows reference / current{r.sampled ? ` (seeded sample, seed ${r.seed})` : ''}</span>
        </div>
      </div>
      <p data-testid="classifier-interpretation">{r.interpretation}</p>
      <p className="muted">
        Reference: {describeWindow(r.reference)}. Current: {describeWindow(r.current)}. Run <code>{r.runId}</code>.
      </p>
      <Warnings items={r.warnings} />
      <ImportanceChart r={r} />
      <Provenance>
        Logistic regression (L2 {r.model.l2}, {r.model.inputs} encoded inputs, Newton’s method, {r.model.iterations} iterations) telling current (1) from reference (0) rows; AUC the
        mean over {r.folds} held-out folds; importance the mean held-out AUC drop when a column is permuted (seed {r.seed}) — docs/metrics.md, Multivariate drift.
      </Provenance>
    </>
  );
}
