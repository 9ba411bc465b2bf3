import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { AssayError } from '../api/errors.ts';
import type { RuleAction } from './contract.ts';
import { isRowCheck, parseCheck, type Check } from './rule-expression.ts';

/** The rules file (YAML or JSON; JSON is read as YAML, which it is a subset of, so that errors can name lines). */
const ruleSchema = z.object({
  name: z.string().min(1).max(200),
  check: z.string().min(1).max(500),
  action: z.enum(['alert', 'block', 'route']),
  description: z.string().max(2000).optional(),
}).strict();

const fileSchema = z.object({
  format: z.literal('assay-guardrails/1').optional(),
  rules: z.array(z.unknown()).min(1).max(500),
}).strict();

export interface Rule {
  name: string;
  line: number;
  check: Check;
  checkText: string;
  action: RuleAction;
}

function invalid(file: string, line: number | null, rule: string | null, what: string): AssayError {
  const where = [line === null ? null : `line ${line}`, rule === null ? null : `rule "${rule}"`].filter(Boolean).join(', ');
  return new AssayError('RULES_INVALID', `The rules file ${file}${where ? `, ${where}` : ''}: ${what}. Fix it and run again; nothing was evaluated.`, { file, line, rule });
}

/** Parses and validates a rules file; every error names the file, the line and the rule. */
export function parseRules(text: string, file: string): Rule[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | null => (node?.range ? lines.linePos(node.range[0]).line : null);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
    throw invalid(file, line, null, `it is neither valid YAML nor JSON (${e.message.split('\n')[0]})`);
  }
  const top = fileSchema.safeParse(doc.toJS());
  if (!top.success) {
    const issue = top.error.issues.find((i) => i.code === 'unrecognized_keys') ?? top.error.issues[0]!;
    const key = issue.path[0];
    const node = typeof key === 'string' && isMap(doc.contents) ? (doc.contents.get(key, true) as Node | undefined) : doc.contents;
    const what = key === 'rules' && issue.code === 'too_small' ? 'it lists no rule' : key === undefined && issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (the file holds "format" and "rules")`
      : key === undefined ? 'it must be a mapping with a list "rules"' : key === 'rules' && issue.code === 'invalid_type' ? 'it needs a list "rules" of rules, each with name, check and action' : `${String(key)}: ${issue.message}`;
    throw invalid(file, lineOf(node as Node) ?? 1, null, what);
  }
  const seq = isMap(doc.contents) ? doc.contents.get('rules', true) : null;
  const items = isSeq(seq) ? seq.items : [];
  const rules: Rule[] = [];
  const names = new Set<string>();
  top.data.rules.forEach((raw, i) => {
    const node = items[i] as Node | undefined;
    const line = lineOf(node) ?? 1;
    const name = raw !== null && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : `#${i + 1}`;
    const parsed = ruleSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.path[0];
      const keyNode = typeof key === 'string' && isMap(node) ? (node.get(key, true) as Node | undefined) : undefined;
      const what = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (a rule has name, check, action and description)`
        : key === undefined ? 'a rule must be a mapping with name, check and action'
        : issue.code === 'invalid_value' || issue.code === 'invalid_type' && (raw as Record<string, unknown>)[key as string] !== undefined
          ? `${String(key)} ${key === 'action' ? 'must be alert, block or route' : `is invalid (${issue.message})`}, not ${JSON.stringify((raw as Record<string, unknown>)[key as string])}`
          : `${String(key)} is missing`;
      throw invalid(file, lineOf(keyNode) ?? line, name, what);
    }
    const r = parsed.data;
    if (names.has(r.name)) throw invalid(file, line, r.name, 'another rule has the same name; give each rule its own');
    names.add(r.name);
    const check = parseCheck(r.check);
    const checkLine = lineOf(isMap(node) ? (node.get('check', true) as Node | undefined) : undefined) ?? line;
    if (typeof check === 'string') throw invalid(file, checkLine, r.name, check);
    if (r.action === 'route' && !isRowCheck(check)) {
      throw invalid(file, lineOf(isMap(node) ? (node.get('action', true) as Node | undefined) : undefined) ?? line, r.name, `action route sends single decisions to a person, but "${r.check}" is a check of the whole window; use alert or block, or a row check such as 0.45 <= score <= 0.55`);
    }
    rules.push({ name: r.name, line, check, checkText: r.check, action: r.action });
  });
  return rules;
}
