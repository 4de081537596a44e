/** A selector that cannot be parsed. The API server answers it with 400 BadRequest. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}
