export { SelectorError } from './errors.ts';
export { type Operator, type Requirement, type Labels, requirement, matchesRequirement } from './requirement.ts';
export { type Selector, parseSelector, selectorFromObject, selectorFromSet, everything, nothing } from './labels.ts';
export { type FieldSelector, type FieldRequirement, type FieldAccessor, parseFieldSelector } from './fields.ts';
