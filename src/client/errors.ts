// Failures from the API server arrive as metav1.Status bodies; ApiStatusError keeps their code, reason
// and details so callers branch on meaning (NotFound, Conflict…) rather than on message text.
// Reasons: k8s.io/apimachinery/pkg/apis/meta/v1 StatusReason*.
import type { Status, StatusDetails } from 'kubernetes-types/meta/v1.d.ts';

export class ApiStatusError extends Error {
  override readonly name = 'ApiStatusError';

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly status?: Status,
  ) {
    super(message);
  }

  /** From a Status object (a failed response's body or a watch ERROR event). */
  static fromStatus(status: Status, httpCode?: number): ApiStatusError {
    const code = status.code ?? httpCode ?? 500;
    return new ApiStatusError(code, status.reason || reasonForCode(code), status.message || `the server responded with ${code}`, status.details, status);
  }

  /** From any non-2xx response: a Status body when there is one, else the code and text. */
  static fromResponse(httpCode: number, body: string): ApiStatusError {
    try {
      const parsed = JSON.parse(body) as Status;
      if (parsed && parsed.kind === 'Status') return ApiStatusError.fromStatus(parsed, httpCode);
    } catch {
      // Not JSON: fall through to a generic error that carries the text.
    }
    return new ApiStatusError(httpCode, reasonForCode(httpCode), body.trim() || `the server responded with ${httpCode}`);
  }
}

// What upstream's client reports when the body is not a Status (errors.NewGenericServerResponse).
function reasonForCode(code: number): string {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Expired';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 504: return 'Timeout';
    case 503: return 'ServiceUnavailable';
    default: return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

const hasReason = (err: unknown, reason: string, code: number) =>
  err instanceof ApiStatusError && (err.reason === reason || (err.code === code && !err.reason));

export const isNotFound = (err: unknown): boolean => hasReason(err, 'NotFound', 404);
export const isConflict = (err: unknown): boolean => hasReason(err, 'Conflict', 409);
export const isAlreadyExists = (err: unknown): boolean => hasReason(err, 'AlreadyExists', 409);
export const isInvalid = (err: unknown): boolean => hasReason(err, 'Invalid', 422);
export const isForbidden = (err: unknown): boolean => hasReason(err, 'Forbidden', 403);
/** 410: the requested resourceVersion was compacted (reason Expired or Gone). */
export const isGone = (err: unknown): boolean => err instanceof ApiStatusError && (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone');
