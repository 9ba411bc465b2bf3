import { useEffect, useMemo, useState } from 'react';

/** The JSON as it is exported: two-space indented, the same text shown, copied and downloaded. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * "Export JSON" as a download of a Blob URL (the host's CSP governs fetches and embeds, not downloads, so a
 * `blob:` link needs no widened policy) and "Copy JSON" to the clipboard.
 */
export function JsonExport({ value, filename, testId }: { value: unknown; filename: string; testId?: string }) {
  const text = useMemo(() => jsonText(value), [value]);
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    setUrl(u);
    setCopied('idle');
    return () => URL.revokeObjectURL(u);
  }, [text]);
  return (
    <span className="json-actions">
      {url && (
        <a className="button" href={url} download={filename} data-testid={testId}>
          Export JSON
        </a>
      )}
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied('copied'),
            () => setCopied('failed'),
          )
        }
      >
        Copy JSON
      </button>
      <span role="status" className="muted">
        {copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'The browser did not allow copying; use Export JSON.' : ''}
      </span>
    </span>
  );
}

/** The JSON itself, in a scrolling block. */
export function JsonBlock({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  const text = useMemo(() => jsonText(value), [value]);
  return (
    <pre className="json" tabIndex={0} aria-label={label} data-testid={testId}>
      {text}
    </pre>
  );
}

/** A file name part made of letters, digits, dot, dash and underscore only. */
export function safeFilePart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'export';
}
