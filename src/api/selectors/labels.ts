// Label selectors in their string form (`?labelSelector=` and `kubectl -l`) and as
// metav1.LabelSelector objects (spec.selector of workloads), both turned into one matcher.
// Grammar and semantics: k8s.io/apimachinery/pkg/labels/selector.go.

import type { LabelSelector as LabelSelectorObject } from 'kubernetes-types/meta/v1.d.ts';
import { SelectorError } from './errors.ts';
import { type Labels, type Operator, type Requirement, matchesRequirement, requirement, requirementString } from './requirement.ts';

export interface Selector {
  /** ANDed requirements; empty means "everything" (unless `nothing` is set). */
  readonly requirements: readonly Requirement[];
  /** True for a nil metav1.LabelSelector, which selects no objects at all. */
  readonly nothing: boolean;
  matches(labels: Labels): boolean;
  isEmpty(): boolean;
  toString(): string;
}

function selector(requirements: Requirement[], nothing = false): Selector {
  // Sorted by key like upstream, so equal selectors print the same.
  const reqs = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: reqs,
    nothing,
    matches: (labels) => !nothing && reqs.every((r) => matchesRequirement(r, labels)),
    isEmpty: () => !nothing && reqs.length === 0,
    toString: () => reqs.map(requirementString).join(','),
  };
}

export const everything = (): Selector => selector([]);
export const nothing = (): Selector => selector([], true);

/** `{app: 'web'}` → `app=web`: what a Service or ReplicationController selector means. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined | null): Selector {
  return selector(Object.entries(set ?? {}).map(([k, v]) => requirement(k, '=', [v])));
}

/**
 * metav1.LabelSelector → Selector. A missing selector matches nothing; an empty one matches
 * everything (upstream's LabelSelectorAsSelector).
 */
export function selectorFromObject(obj: LabelSelectorObject | undefined | null): Selector {
  if (obj == null) return nothing();
  const reqs: Requirement[] = Object.entries(obj.matchLabels ?? {}).map(([k, v]) => requirement(k, '=', [v]));
  for (const expr of obj.matchExpressions ?? []) {
    const op = OBJECT_OPERATORS[expr.operator];
    if (op === undefined) throw new SelectorError(`"${expr.operator}" is not a valid label selector operator`);
    reqs.push(requirement(expr.key, op, expr.values ?? []));
  }
  return selector(reqs);
}

const OBJECT_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

// ---- string form ----

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ',' | '>' | '<' }
  | { kind: 'end'; text: '' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

function lex(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' || c === '!') {
      const two = input.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        out.push({ kind: 'op', text: two });
        i += 2;
      } else {
        out.push({ kind: 'op', text: c });
        i++;
      }
    } else if (SPECIAL.has(c)) {
      out.push({ kind: 'op', text: c as '(' });
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j]!) && !/\s/.test(input[j]!)) j++;
      out.push({ kind: 'id', text: input.slice(i, j) });
      i = j;
    }
  }
  out.push({ kind: 'end', text: '' });
  return out;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly input: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private fail(found: Token, expected: string): never {
    const what = found.kind === 'end' ? 'end of string' : `'${found.text}'`;
    throw new SelectorError(`unable to parse requirement: found ${what}, expected: ${expected} (in selector "${this.input}")`);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    if (this.peek().kind === 'end') return reqs;
    for (;;) {
      reqs.push(this.requirement());
      const t = this.next();
      if (t.kind === 'end') return reqs;
      if (t.text !== ',') this.fail(t, "','");
      if (this.peek().kind === 'end') this.fail(this.peek(), 'identifier after \',\'');
    }
  }

  private requirement(): Requirement {
    const first = this.next();
    if (first.text === '!') {
      const key = this.next();
      if (key.kind !== 'id') this.fail(key, 'identifier after \'!\'');
      return requirement(key.text, '!', []);
    }
    if (first.kind !== 'id') this.fail(first, "'!' or identifier");
    const key = first.text;
    const op = this.peek();
    if (op.kind === 'end' || op.text === ',') return requirement(key, 'exists', []);
    this.next();
    switch (op.text) {
      case '=':
      case '==':
      case '!=':
        return requirement(key, op.text, [this.singleValue()]);
      case '>':
      case '<':
        return requirement(key, op.text === '>' ? 'gt' : 'lt', [this.singleValue()]);
    }
    if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) return requirement(key, op.text, this.valueSet());
    return this.fail(op, "'=', '!=', '==', 'in', 'notin', '>', '<' or ','");
  }

  /** `a=` is legal and means the empty value. */
  private singleValue(): string {
    const t = this.peek();
    if (t.kind === 'end' || t.text === ',') return '';
    if (t.kind !== 'id') this.fail(t, 'value');
    this.next();
    return t.text;
  }

  private valueSet(): string[] {
    const open = this.next();
    if (open.text !== '(') this.fail(open, "'('");
    const values: string[] = [];
    if (this.peek().text === ')') {
      this.next();
      return values;
    }
    for (;;) {
      const t = this.peek();
      if (t.kind === 'id') {
        values.push(t.text);
        this.next();
      } else {
        values.push(''); // `(a,)` carries an empty value, as upstream
      }
      const sep = this.next();
      if (sep.text === ')') return values;
      if (sep.text !== ',') this.fail(sep, "',' or ')'");
    }
  }
}

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; throws SelectorError with a readable message. */
export function parseSelector(input: string): Selector {
  return selector(new Parser(lex(input), input).parse());
}
