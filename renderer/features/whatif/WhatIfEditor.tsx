import { useEffect, useRef, useState } from 'react';
import type { WhatIfResult } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { Badge, signed, Warnings } from '../../components/analysis.tsx';
import { ErrorBox } from '../../components/ui.tsx';
import { editsOf, invalidFields, valueText, type ModelInput } from './model-inputs.ts';

const DEBOUNCE_MS = 300;

/**
 * A form of the decision's model inputs; as the user types, the edited inputs go to `whatif.decision` (debounced,
 * the latest answer wins) and the new score is shown beside the original. Changed fields are highlighted.
 */
export function WhatIfEditor({
  log, id, inputs, row, values, setValues,
}: {
  log: string;
  id: string;
  inputs: ModelInput[];
  row: Record<string, unknown>;
  values: Record<string, string>;
  setValues: (v: Record<string, string>) => void;
}) {
  const edits = editsOf(inputs, row, values);
  const invalid = invalidFields(inputs, values);
  const key = JSON.stringify(edits);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const n = ++seq.current;
    if (Object.keys(edits).length === 0) {
      setResult(null);
      setError(null);
      setPending(false);
      return;
    }
    setPending(true);
    const t = setTimeout(() => {
      call('whatif.decision', { log, decision: id, set: edits }).then(
        (r) => {
          if (n !== seq.current) return;
          setResult(r);
          setError(null);
          setPending(false);
        },
        (e: unknown) => {
          if (n !== seq.current) return;
          setError(messageOf(e));
          setResult(null);
          setPending(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [log, id, key]);

  const changed = new Set(Object.keys(edits));
  const reset = () => setValues(Object.fromEntries(inputs.map((f) => [f.name, valueText(row[f.name])])));
  return (
    <section aria-labelledby="whatif-title">
      <h3 id="whatif-title">What if the inputs were different?</h3>
      <div className="two-col">
        <form className="whatif-form" aria-label="What-if inputs" onSubmit={(e) => e.preventDefault()} data-testid="whatif-form">
          {inputs.map((f) => {
            const v = values[f.name] ?? '';
            const was = valueText(row[f.name]);
            const fieldId = `wi-${f.name}`;
            const levels = f.levels.includes(v) || v === '' ? f.levels : [...f.levels, v];
            return (
              <div key={f.name} className={`kv-row${changed.has(f.name) ? ' changed' : ''}`} data-changed={changed.has(f.name) ? 'true' : undefined}>
                <label htmlFor={fieldId} title={f.description ?? undefined}>
                  {f.name}
                </label>
                {f.type === 'categorical' ? (
                  <select id={fieldId} name={f.name} value={v} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                    {levels.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={fieldId} name={f.name} type="number" step="any" value={v} aria-invalid={invalid.has(f.name)}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  />
                )}
                <span className="was">{changed.has(f.name) ? `was ${was}` : invalid.has(f.name) ? 'not a number' : ''}</span>
              </div>
            );
          })}
        </form>
        <div aria-live="polite" data-testid="whatif-result">
          {Object.keys(edits).length === 0 ? (
            <p className="muted">Change any input: the model scores the edited decision as you type. Protected attributes that are model inputs can be edited too.</p>
          ) : result ? (
            <>
              <p className="score-compare">
                Score <strong data-testid="whatif-original">{result.original.score.toFixed(6)}</strong> →{' '}
                <strong data-testid="whatif-edited">{result.edited.score.toFixed(6)}</strong> ({signed(result.edited.score - result.original.score)})
              </p>
              <p>
                Decision {result.original.decision} → {result.edited.decision}{' '}
                {result.changed ? (
                  <Badge tone="bad" testId="whatif-flip">
                    the decision flips
                  </Badge>
                ) : (
                  <Badge tone="neutral">unchanged</Badge>
                )}{' '}
                <span className="muted">(threshold {result.threshold})</span>
              </p>
              <p className="provenance">
                Model {result.package} through ONNX Runtime; {result.edits.length} edited input{result.edits.length === 1 ? '' : 's'}; run <code>{result.runId}</code>
                {pending ? '; updating…' : ''}.
              </p>
              <Warnings items={result.warnings} />
            </>
          ) : (
            !error && <p className="loading">Scoring…</p>
          )}
          {error && <ErrorBox message={error} />}
          <button type="button" onClick={reset} disabled={Object.keys(edits).length === 0 && invalid.size === 0}>
            Reset all inputs
          </button>
        </div>
      </div>
    </section>
  );
}
