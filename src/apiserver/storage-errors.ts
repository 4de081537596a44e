// Typed storage errors become Kubernetes Status errors at the API server's edge.
import { CompactedError, FutureRevisionError, InvalidInputError, UnavailableError } from '../storage/errors.ts';
import { ApiError, errors } from './status.ts';

export function toApiError(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof CompactedError) return errors.expired(`too old resource version: ${err.requestedRevision} (${err.compactedRevision + 1})`);
  if (err instanceof FutureRevisionError) {
    return new ApiError(504, 'Timeout', `Too large resource version: ${err.requestedRevision}, current: ${err.currentRevision}`, { retryAfterSeconds: 1 });
  }
  if (err instanceof InvalidInputError) {
    if (err.reason === 'ValueTooLarge') return new ApiError(413, 'RequestEntityTooLarge', `the object is too large to store: ${err.message}`);
    if (err.reason === 'InvalidContinue') return errors.badRequest(`the provided continue parameter is not valid: ${err.message}`);
    return errors.badRequest(err.message);
  }
  if (err instanceof UnavailableError) return errors.unavailable(`storage is unavailable: ${err.message}`);
  return err;
}
