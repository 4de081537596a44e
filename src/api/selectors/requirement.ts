// One label requirement and its matching rule, shared by the string and the object forms.
// Semantics follow k8s.io/apimachinery/pkg/labels: "!=" and "notin" also match objects that do not
// carry the key at all; "gt"/"lt" need the key and an integer value.

import { isQualifiedName, isValidLabelValue } from '../validation/names.ts';
import { SelectorError } from './errors.ts';

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  /** Sorted and deduplicated, as upstream keeps them (so String() is canonical). */
  values: string[];
}

export type Labels = Readonly<Record<string, string>> | undefined | null;

/** Builds a requirement, checking the key, the values and their count for the operator. */
export function requirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) throw new SelectorError(`invalid label key "${key}": ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) throw new SelectorError("for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) throw new SelectorError("exact-match compatibility requires one single value");
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) throw new SelectorError("values set must be empty for exists and does not exist");
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1 || !/^-?\d+$/.test(values[0]!)) {
        throw new SelectorError(`for 'Gt', 'Lt' operators, exactly one integer value is required`);
      }
      break;
  }
  if (operator !== 'gt' && operator !== 'lt') {
    for (const v of values) {
      const errs = isValidLabelValue(v);
      if (errs.length > 0) throw new SelectorError(`invalid label value: "${v}": at key: "${key}": ${errs.join('; ')}`);
    }
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

export function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const [a, b] = [BigInt(value!), BigInt(r.values[0]!)];
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

/** The canonical string form, e.g. `app in (a,b)`, `!debug`, `tier!=db`. */
export function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}
