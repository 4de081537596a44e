/**
 * A patch that cannot be applied. `code` is the HTTP status the API server answers with, as
 * upstream does: 400 BadRequest for a malformed patch document, 422 for a well-formed patch that
 * does not apply to this object (a failed JSON Patch test, a missing path, retainKeys mismatch).
 */
export class PatchError extends Error {
  override readonly name = 'PatchError';
  constructor(
    message: string,
    readonly code: 400 | 422 = 400,
  ) {
    super(message);
  }
  get reason(): 'BadRequest' | 'Invalid' {
    return this.code === 400 ? 'BadRequest' : 'Invalid';
  }
}

export const badRequest = (message: string): PatchError => new PatchError(message, 400);
export const unprocessable = (message: string): PatchError => new PatchError(message, 422);
