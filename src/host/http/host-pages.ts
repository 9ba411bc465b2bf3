/**
 * The host's own pages. Plain HTML, no script and no inline style, so that they pass the host's
 * Content-Security-Policy.
 */

/**
 * The page served at / when no built renderer is there: plain HTML, no script and no inline style, so it passes the
 * host's Content-Security-Policy.
 */
export function notBuiltPage(staticDir: string | null): string {
  const where = staticDir ? `The folder ${escapeHtml(staticDir)} holds no index.html.` : 'No folder of built UI files was given to the host.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assay — the UI is not built</title>
</head>
<body>
<h1>Assay</h1>
<p>The host is running, but the user interface has not been built. ${where}</p>
<p>Build the UI (its files go to <code>dist/renderer</code>), then start <code>assay serve</code> again and open the address it prints.</p>
<p>Meanwhile the case can be used from the command line (<code>assay --help</code>), and this host's API answers
<code>POST /api/&lt;method&gt;</code> with the token it printed.</p>
</body>
</html>
`;
}

/** The answer to a page address whose ?token= is not this launch's (an address from an earlier launch). */
export function wrongTokenPage(port: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Assay — wrong token</title>
</head>
<body>
<h1>Assay</h1>
<p>This address holds an old or wrong token. Open the address that <code>assay serve</code> printed when it started
(http://127.0.0.1:${port}/?token=…); it changes at every start.</p>
</body>
</html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
