import { useEffect, useState } from 'react';
import type { InputEdit } from '../../../src/api/contract.ts';
import { Await } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { Counterfactuals } from '../whatif/Counterfactuals.tsx';
import { IceChart } from '../whatif/IceChart.tsx';
import { modelInputs, valueText } from '../whatif/model-inputs.ts';
import { WhatIfEditor } from '../whatif/WhatIfEditor.tsx';

/** The decision detail's what-if editor, counterfactuals and ICE chart. */
export function DecisionAnalysis({ log, id, row, packageRef }: { log: string; id: string; row: Record<string, unknown>; packageRef: string }) {
  const pkg = useCall('package.show', { ref: packageRef }, packageRef);
  const [values, setValues] = useState<Record<string, string>>({});
  useEffect(() => {
    if (pkg.status !== 'done') return;
    setValues(Object.fromEntries(modelInputs(pkg.value.manifest).map((f) => [f.name, valueText(row[f.name])])));
  }, [pkg, row]);
  const tryChanges = (changes: InputEdit[]) => {
    const next = { ...values };
    for (const c of changes) next[c.column] = String(c.to);
    setValues(next);
    document.getElementById('whatif-title')?.scrollIntoView({ block: 'start' });
    document.getElementById(`wi-${changes[0]?.column ?? ''}`)?.focus({ preventScroll: true });
  };
  return (
    <section aria-labelledby="replay-title">
      <h2 id="replay-title">Replay and what-if</h2>
      <Await state={pkg} what="the model's inputs">
        {(p) => {
          const inputs = modelInputs(p.manifest);
          if (inputs.length === 0) return <p className="muted">The package {packageRef} declares no inputs, so its decisions cannot be edited.</p>;
          return (
            <>
              <WhatIfEditor log={log} id={id} inputs={inputs} row={row} values={values} setValues={setValues} />
              <Counterfactuals log={log} id={id} onTry={tryChanges} />
              <IceChart log={log} id={id} inputs={inputs} />
            </>
          );
        }}
      </Await>
    </section>
  );
}
