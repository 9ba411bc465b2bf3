/** Quoting for identifiers and literals that cannot be bound as parameters (table and column names, file lists). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A table name derived from a user-given name: lower-case letters, digits and underscores only, with a prefix. */
export function safeTableName(prefix: string, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `${prefix}_${slug || 'x'}`;
}
