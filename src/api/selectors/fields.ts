// Field selectors (`?fieldSelector=spec.nodeName=n1,status.phase!=Succeeded`). Grammar and escaping
// follow k8s.io/apimachinery/pkg/fields/selector.go: terms split on unescaped ',', operators '!=',
// '==' and '=', and '\' escapes ',', '=' and '\' inside values. Which fields exist is the server's
// business (it answers "field label not supported"); here a missing field reads as "".

import { SelectorError } from './errors.ts';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** Reads one field of an object, e.g. 'spec.nodeName'; undefined when the object has no such value. */
export type FieldAccessor = (field: string) => string | undefined;

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: FieldAccessor): boolean;
  isEmpty(): boolean;
  toString(): string;
}

function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function unescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n !== ',' && n !== '=' && n !== '\\') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${n ?? ''} in "${s}"`);
    out += n;
    i++;
  }
  return out;
}

/** Index of the first unescaped occurrence of `op` in `term`, or -1. */
function findOperator(term: string, op: string): number {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    if (term.startsWith(op, i)) return i;
  }
  return -1;
}

function parseTerm(term: string): FieldRequirement {
  // '!=' and '==' before '=' so that "a!=b" is not read as field "a!" equals "b".
  for (const operator of ['!=', '==', '='] as const) {
    const at = findOperator(term, operator);
    if (at < 0) continue;
    const field = term.slice(0, at);
    if (field === '') break;
    return { field, operator, value: unescape(term.slice(at + operator.length)) };
  }
  throw new SelectorError(`invalid selector: '${term}'; can't understand '${term}'`);
}

export function parseFieldSelector(input: string): FieldSelector {
  const requirements = input.trim() === '' ? [] : splitUnescaped(input, ',').map((t) => parseTerm(t.trim()));
  return {
    requirements,
    matches: (fields) =>
      requirements.every((r) => {
        const actual = fields(r.field) ?? '';
        return r.operator === '!=' ? actual !== r.value : actual === r.value;
      }),
    isEmpty: () => requirements.length === 0,
    toString: () => requirements.map((r) => `${r.field}${r.operator}${r.value.replace(/[\\,=]/g, (c) => `\\${c}`)}`).join(','),
  };
}
