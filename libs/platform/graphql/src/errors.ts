import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, type DomainErrorKind } from '@scp/contracts';

/** The only codes a client ever sees. Anything else is masked as INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_LIMIT_EXCEEDED',
  // Apollo Server's own refusals of a malformed HTTP request (a GET without a CSRF preflight
  // header, a body that is not an object…): fixed sentences that never hold a value sent.
  'BAD_REQUEST',
  // A dependency (a subgraph, PostgreSQL, Redis, the directory) cannot be reached just now: the
  // request may succeed if repeated. Always with `extensions.retryable: true` and a fixed message.
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
const PASSABLE = new Set<string>(ERROR_CODES);

/**
 * A deliberate error. Messages are written by us and never contain stored values.
 * `details` are safe, structured hints (e.g. the offending input field name).
 */
export class AppError extends GraphQLError {
  readonly deliberate = true;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

const AUDITED = Symbol('refusal audited');
/** Marks a refusal whose ACCESS_DENIED event was recorded where it was raised (with its record). */
export function markAudited<E extends Error>(error: E): E {
  Object.defineProperty(error, AUDITED, { value: true });
  return error;
}
export const isAudited = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[AUDITED] === true;

/**
 * Is this error a refusal of data (to be audited as ACCESS_DENIED)? FORBIDDEN always; a missing
 * or unacceptable purpose (BAD_USER_INPUT on the field `purpose` or its `reason`) too: both are a
 * "no" to a read.
 */
export function isRefusal(extensions: Record<string, unknown> | undefined): boolean {
  return (
    extensions?.code === 'FORBIDDEN' ||
    (extensions?.code === 'BAD_USER_INPUT' &&
      (extensions.field === 'purpose' || extensions.field === 'reason'))
  );
}

/** The edge's one mapping from the domain's refusals to the codes a client reads. */
const DOMAIN_CODES: Readonly<Record<DomainErrorKind, ErrorCode>> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  INVALID: 'BAD_USER_INPUT',
};

/** The extensions a domain error is answered with: its safe details and its code. */
export const domainExtensions = (error: DomainError): Record<string, unknown> => ({
  ...error.details,
  code: DOMAIN_CODES[error.kind],
});

/**
 * A domain error as the AppError a REST controller (or anything outside a GraphQL response)
 * answers with; any other error is returned as it is. An audited refusal stays audited.
 */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const app = new AppError(DOMAIN_CODES[error.kind], error.message, { ...error.details });
  return isAudited(error) ? markAudited(app) : app;
}

export const forbidden = (message = 'Forbidden', details: Record<string, unknown> = {}) =>
  new AppError('FORBIDDEN', message, details);
/** Same message for "does not exist" and "may not see it": no existence oracle. */
export const notFound = (entity = 'Record') => new AppError('NOT_FOUND', `${entity} not found`);
export const badInput = (message: string, field?: string) =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});
export const conflict = (message = 'The record was changed by someone else; reload and try again') =>
  new AppError('CONFLICT', message);
export const unauthenticated = (message = 'Unauthenticated') => new AppError('UNAUTHENTICATED', message);

/** The one sentence a client reads for an outage, whoever reports it: it names nothing internal. */
export const SERVICE_UNAVAILABLE_MESSAGE = 'A service this request needs is unavailable; try again shortly';
/**
 * An outage of a dependency, answered as such (not as an internal error): coded, retryable, and
 * with `http` (HTTP 503 + Retry-After) when nothing of the request can be answered.
 */
export const serviceUnavailable = (details: Record<string, unknown> = {}) =>
  new AppError('SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_MESSAGE, { ...details, retryable: true });

/** Socket-level failures of node, pg and ioredis: the peer is down, unreachable or too slow. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNCLOSED',
]);
/**
 * PostgreSQL SQLSTATEs that say "not now" rather than "not this": class 08 (connection
 * exception), 53300 too_many_connections, 57P01–57P03 (shutting down, cannot connect now).
 */
const OUTAGE_SQLSTATE = /^(08[0-9A-Z]{3}|53300|57P0[123])$/;
/**
 * Fixed sentences of pg, pg-pool, TypeORM and ioredis when the server is gone (they carry no value
 * sent): "Connection terminated unexpectedly", "timeout exceeded when trying to connect",
 * "Connection is closed.", ioredis' MaxRetriesPerRequestError.
 */
const OUTAGE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Connection is closed\.|Client has encountered a connection error|Stream isn't writeable|Reached the max retries per request limit)/;

/**
 * Is this error (or one it wraps: GraphQL's originalError, TypeORM's driverError, `cause`) a
 * dependency being unreachable — PostgreSQL or Redis down, a connection refused or timed out —
 * rather than a bug or a refusal? Then the client is told SERVICE_UNAVAILABLE, not INTERNAL_SERVER_ERROR.
 */
export function isOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; i < 8 && current && typeof current === 'object'; i++) {
    const e = current as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || OUTAGE_SQLSTATE.test(e.code)))
      return true;
    if (e.name === 'MaxRetriesPerRequestError') return true;
    if (typeof e.message === 'string' && OUTAGE_MESSAGE.test(e.message)) return true;
    // node's AggregateError of a dual-stack connect (ECONNREFUSED on ::1 and 127.0.0.1).
    if (Array.isArray(e.errors) && e.errors.some((inner) => isOutage(inner))) return true;
    const next = current as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    current = next.originalError ?? next.driverError ?? next.cause;
  }
  return false;
}

/**
 * What of an unexpected error may go to the log: its type, a database error code, and the stack
 * frames — never the message, which for a database error can hold the stored value
 * ("Key (phone)=(…) already exists").
 */
export function describeForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? { sqlState: code } : {}),
    frames: (error.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 12),
  };
}

export interface ErrorLogger {
  error(obj: Record<string, unknown>, msg: string): void;
  warn?(obj: Record<string, unknown>, msg: string): void;
}

function originalOf(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++) {
    current = current.originalError;
  }
  return current;
}

/** graphql-js's hints ("Did you mean "me"?", "Did you mean the enum value "OPEN"?") name schema members. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
/**
 * graphql-js echoes a rejected variable's value (`Variable "$x" got invalid value "…" at "x.f"; …`)
 * and its explanation may echo it again; only the variable's name and path are kept.
 */
const VARIABLE_VALUE = /^Variable "\$([_A-Za-z]\w*)" got invalid value /;
const VARIABLE_PATH = / at "([_A-Za-z][\w.[\]]*)"; /;

/**
 * The message a client may read: no suggestions, and for a variable graphql-js rejected, the
 * variable (and the path inside it) instead of the value, with our own explanation when one of
 * our scalars gave it (an AppError carries no value either).
 */
function clientMessage(message: string, original: unknown): { message: string; field?: string } {
  const variable = VARIABLE_VALUE.exec(message);
  if (!variable) return { message: message.replace(SUGGESTION, '') };
  const name = variable[1]!;
  const path = VARIABLE_PATH.exec(message)?.[1];
  const field = path?.startsWith(`${name}.`) || path?.startsWith(`${name}[`) ? path : name;
  const why = original instanceof AppError ? `: ${original.message}` : '';
  return {
    message: `Variable "$${name}" has an invalid value${field === name ? '' : ` at "${field}"`}${why}`,
    field,
  };
}

/**
 * formatError for the gateway and every subgraph: a deliberate error (or a validation error
 * produced by graphql-js itself, which echoes only the query) passes with its code; anything
 * else — a database constraint message, a TypeError, a stack trace — becomes "Internal error"
 * with an error id that the server log carries.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, logger?: ErrorLogger) {
  const code = formatted.extensions?.code;
  const original = originalOf(error);
  const deliberate =
    original instanceof AppError ||
    original instanceof DomainError ||
    (error instanceof AppError && original === error) ||
    (typeof code === 'string' &&
      PASSABLE.has(code) &&
      !(original instanceof Error && !(original instanceof GraphQLError)));
  if (code === 'SERVICE_UNAVAILABLE' && deliberate) {
    // Whoever reported the outage (a subgraph, our own directory client), the client reads one
    // fixed sentence: a forwarded message could name a host or a driver's words.
    return {
      message: SERVICE_UNAVAILABLE_MESSAGE,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
    };
  }
  if (!deliberate && isOutage(original)) {
    logger?.warn?.({ err: describeForLog(original) }, 'dependency unavailable');
    return {
      message: SERVICE_UNAVAILABLE_MESSAGE,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
    };
  }
  if (deliberate && typeof code === 'string' && PASSABLE.has(code)) {
    // One of our scalars refusing a literal is bad input, though Apollo files it under validation.
    const ownCode =
      code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof AppError ? original.extensions.code : code;
    const extensions: Record<string, unknown> = { code: ownCode };
    for (const [k, v] of Object.entries(formatted.extensions ?? {}))
      if (k === 'field' || k === 'errorId' || k === 'limit') extensions[k] = v;
      // A refusal's own fixed code and how many records it counts (never a stored value).
      else if (k === 'reason' && typeof v === 'string' && /^[A-Z][A-Z_]{0,63}$/.test(v)) extensions[k] = v;
      else if (k === 'count' && Number.isInteger(v)) extensions[k] = v;
    const { message, field } = clientMessage(formatted.message, original);
    if (field) extensions.field = field;
    return { message, locations: formatted.locations, path: formatted.path, extensions };
  }
  const errorId = randomUUID();
  logger?.error({ errorId, err: describeForLog(original) }, 'masked internal error');
  return {
    message: 'Internal error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}
