/** Sets `obj[key]` when unset. Like Go's zero-value check, an empty string counts as unset. */
export function setDefault(obj: Record<string, any>, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

/** Returns `obj[key]` as an object, creating it when missing. */
export function ensure(obj: Record<string, any>, key: string): Record<string, any> {
  if (obj[key] === undefined || obj[key] === null || typeof obj[key] !== 'object') obj[key] = {};
  return obj[key];
}
