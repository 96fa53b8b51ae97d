/**
 * The error catalog: every error a client can see, with its HTTP status and
 * a stable code. Only AppErrors with `expose: true` show their message; any
 * other failure is rendered as a plain 500 by the error middleware.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid.' },
  BAD_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  BAD_BODY_ENCODING: { status: 400, message: 'The request body could not be decoded as its Content-Encoding says.' },
  SEARCH_REJECTED: { status: 400, message: 'The search engine rejected this request; check its parameters.' },
  UNAUTHORIZED: { status: 401, message: 'A valid API key is required: send Authorization: Bearer <key>.' },
  KEY_EXPIRED: { status: 401, message: 'The API key has expired: sign a new customer key (or use a current key).' },
  FORBIDDEN: { status: 403, message: 'This API key may not do that.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  PRECONDITION_FAILED: { status: 412, message: 'The resource is not in the state If-Match or If-None-Match names.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests: wait for the time in Retry-After, then try again.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  NOT_IMPLEMENTED: { status: 501, message: 'This server does not implement that method.' },
  SEARCH_UNAVAILABLE: { status: 503, message: 'Search is temporarily unavailable.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'A required service is temporarily unavailable.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is temporarily unavailable or busy; try again shortly.' },
  ELASTICSEARCH_UNAUTHORIZED: {
    status: 503,
    message: "Search is unavailable: the search engine refused this server's credentials (a configuration fault on our side).",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly status: number;
  readonly expose: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string = errorCatalog[code].message,
    /** The request field at fault, e.g. `size` or `items[3].type`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCatalog[code].status;
    // Server-side failures keep their details in the logs, not in responses.
    this.expose = this.status < 500 || this.status === 503 || code === 'NOT_IMPLEMENTED';
  }
}

export function validationError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, field);
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found.`);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; requestId?: string };
}

export function toErrorBody(error: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.expose ? error.message : errorCatalog[error.code].message,
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
}
