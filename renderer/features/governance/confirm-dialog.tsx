import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A modal confirmation (the native <dialog>: focus is trapped, Escape cancels). With `typeToConfirm`, the confirm
 * button stays disabled until exactly that text is typed.
 */
export function ConfirmDialog({
  title, children, confirmLabel, typeToConfirm, busy, onConfirm, onCancel, testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  typeToConfirm?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const ready = typeToConfirm === undefined || typed === typeToConfirm;
  return (
    <dialog
      ref={ref}
      className="jump confirm"
      aria-labelledby="confirm-title"
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) onConfirm();
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        {children}
        {typeToConfirm !== undefined && (
          <label className="confirm-type">
            Type <code>{typeToConfirm}</code> to confirm:{' '}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus autoComplete="off" spellCheck={false} data-testid="confirm-input" />
          </label>
        )}
        <div className="buttons">
          <button type="submit" className="danger" disabled={!ready || busy} data-testid="confirm-ok">
            {busy ? 'Working…' : confirmLabel}
          </button>
          <button type="button" onClick={onCancel} autoFocus={typeToConfirm === undefined}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
