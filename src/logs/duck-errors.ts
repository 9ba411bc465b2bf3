/** DuckDB's error text without its "Invalid Input Error:"-style prefix and the LINE/caret lines it appends. */
export function duckMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const first = text.split('\n').filter((l) => l.trim() !== '' && !/^LINE \d+:/.test(l) && !/^\s*\^\s*$/.test(l)).join(' ');
  return first.replace(/^[A-Za-z ]*Error:\s*/, '').trim().slice(0, 500);
}
