import { useState, type FormEvent } from 'react';
import type { CounterfactualResult, InputEdit } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { Provenance, Warnings } from '../../components/analysis.tsx';
import { ErrorBox } from '../../components/ui.tsx';

function change(c: InputEdit): string {
  return `${c.column}: ${c.from ?? '—'} → ${c.to}`;
}

/** DiCE-style counterfactuals of the decision, each with a button that loads it into the what-if editor. */
export function Counterfactuals({ log, id, onTry }: { log: string; id: string; onTry: (changes: InputEdit[]) => void }) {
  const [count, setCount] = useState('5');
  const [seed, setSeed] = useState('0');
  const [immutable, setImmutable] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: CounterfactualResult | null }>({ busy: false, error: null, result: null });
  const run = async (e: FormEvent) => {
    e.preventDefault();
    const k = Number(count);
    const s = Number(seed);
    setState((x) => ({ ...x, busy: true, error: null }));
    try {
      const result = await call('counterfactual.run', {
        log, decision: id,
        ...(Number.isInteger(k) && k >= 1 && k <= 20 ? { count: k } : {}),
        ...(Number.isInteger(s) && s >= 0 ? { seed: s } : {}),
        ...(immutable.trim() ? { immutable: immutable.split(',').map((x) => x.trim()).filter(Boolean) } : {}),
      });
      setState({ busy: false, error: null, result });
    } catch (x) {
      setState({ busy: false, error: messageOf(x), result: null });
    }
  };
  const r = state.result;
  return (
    <section aria-labelledby="cf-title">
      <h3 id="cf-title">Counterfactuals: what would have changed the decision?</h3>
      <form className="filters" onSubmit={run} aria-label="Counterfactual search">
        <label>
          How many <input name="cf-count" type="number" min="1" max="20" value={count} onChange={(e) => setCount(e.target.value)} />
        </label>
        <label>
          Seed <input name="cf-seed" type="number" min="0" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <label>
          Also keep fixed <input name="cf-immutable" value={immutable} onChange={(e) => setImmutable(e.target.value)} placeholder="age, housing" size={18} />
        </label>
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Searching…' : 'Find counterfactuals'}
        </button>
      </form>
      {state.error && <ErrorBox message={state.error} />}
      {r && (
        <>
          <p>
            Original score {r.original.score.toFixed(4)} (decision {r.original.decision}); target decision <strong>{r.target}</strong>. Found {r.counterfactuals.length} of{' '}
            {r.requested}
            {r.diversity !== null ? `, mean pairwise distance ${r.diversity.toFixed(3)}` : ''}.
          </p>
          {r.counterfactuals.length === 0 ? (
            <p className="notice">No change within the bounds flips this decision.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="cf-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Changes</th>
                    <th scope="col" className="num">New score</th>
                    <th scope="col" className="num">Decision</th>
                    <th scope="col" className="num">Distance</th>
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.counterfactuals.map((c, i) => (
                    <tr key={i}>
                      <td className="num">{i + 1}</td>
                      <td>
                        {c.changes.map((x) => (
                          <div key={x.column}>
                            <code>{change(x)}</code>
                          </div>
                        ))}
                      </td>
                      <td className="num">{c.score.toFixed(4)}</td>
                      <td className="num">{c.decision}</td>
                      <td className="num">{c.distance.toFixed(3)}</td>
                      <td>
                        <button type="button" onClick={() => onTry(c.changes)} aria-label={`Try counterfactual ${i + 1} in the what-if editor`}>
                          Try in what-if
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Provenance>
            Seeded search (seed {r.seed}) through the real model, {r.candidatesScored.toLocaleString('en')} candidates scored; never changed: {r.immutable.join(', ') || 'none'};
            numeric inputs kept within the reference range; distance = range-normalised L1 plus 1 per changed category; run <code>{r.runId}</code>.
          </Provenance>
          <Warnings items={r.warnings} />
        </>
      )}
    </section>
  );
}
