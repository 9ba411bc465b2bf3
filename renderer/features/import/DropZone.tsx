import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api/client.ts';
import { fileKind, fileToPath } from '../../api/upload.ts';
import { href, navigate } from '../../app/router.ts';
import { setDroppedLog } from './dropped-file.ts';

type DropState = { kind: 'idle' } | { kind: 'over' } | { kind: 'busy'; what: string } | { kind: 'error'; message: string };

/**
 * Drop a file anywhere on the window: a decision log opens the import wizard on it, a package (.zip or .onnx) is
 * imported and its review opened.
 */
export function DropZone() {
  const [state, setState] = useState<DropState>({ kind: 'idle' });
  useEffect(() => {
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setState((s) => (s.kind === 'busy' ? s : { kind: 'over' }));
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setState((s) => (s.kind === 'over' ? { kind: 'idle' } : s));
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return setState({ kind: 'idle' });
      void handle(file);
    };
    const handle = async (file: File) => {
      const kind = fileKind(file.name);
      if (kind === 'unknown') {
        setState({ kind: 'error', message: `${file.name} is neither a decision log (.csv, .parquet, .ndjson) nor a model package (.zip, .onnx). An MLflow folder is imported with “assay package import”.` });
        return;
      }
      setState({ kind: 'busy', what: `Reading ${file.name}…` });
      try {
        const local = await fileToPath(file);
        if (kind === 'log') {
          setDroppedLog(local);
          setState({ kind: 'idle' });
          navigate(`${href.importLog()}?drop=${Date.now().toString(36)}`);
          return;
        }
        setState({ kind: 'busy', what: `Importing the package ${file.name}…` });
        const r = await call('package.import', { path: local.path });
        setState({ kind: 'idle' });
        navigate(href.package(r.ref));
      } catch (err) {
        setState({ kind: 'error', message: messageOf(err) });
      }
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (state.kind === 'idle') return null;
  if (state.kind === 'over') return <div className="drop-overlay" aria-hidden="true">Drop a decision log or a model package to import it</div>;
  if (state.kind === 'busy') return <div className="drop-status" role="status" aria-live="polite">{state.what}</div>;
  return (
    <div className="drop-status error" role="alert">
      {state.message}{' '}
      <button type="button" onClick={() => setState({ kind: 'idle' })}>
        Dismiss
      </button>
    </div>
  );
}
