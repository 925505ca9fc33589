import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

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

export const forbidden = (message = 'Forbidden', details: Record<string, unknown> = {}) =>
  new AppError('FORBIDDEN', message, details);
/** Same message for "does not exist" and "may not see it": no existence oracle. */
export const notFound = (entity = 'Record') => new AppError('NOT_FOUND', `${entity} not found`);
export const badInput = (message: string, field?: string) =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});
export const conflict = (message = 'The record was changed by someone else; reload and try again') =>
  new AppError('CONFLICT', message);
export const unauthenticated = (message = 'Unauthenticated') => new AppError('UNAUTHENTICATED', message);

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
    (error instanceof AppError && original === error) ||
    (typeof code === 'string' &&
      PASSABLE.has(code) &&
      !(original instanceof Error && !(original instanceof GraphQLError)));
  if (deliberate && typeof code === 'string' && PASSABLE.has(code)) {
    // One of our scalars refusing a literal is bad input, though Apollo files it under validation.
    const ownCode =
      code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof AppError ? original.extensions.code : code;
    const extensions: Record<string, unknown> = { code: ownCode };
    for (const [k, v] of Object.entries(formatted.extensions ?? {}))
      if (k === 'field' || k === 'errorId' || k === 'limit') extensions[k] = v;
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
