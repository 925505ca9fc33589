/**
 * What domain code throws: the domain's own refusals, knowing nothing of GraphQL or HTTP. The edge
 * (`@scp/platform-graphql`: `domainErrorPlugin` for GraphQL, `toAppError` for REST controllers)
 * maps each kind to the code a client reads. Messages are written by us and never contain a
 * stored value; `details` are safe, structured hints (the input field, the category refused, a
 * fixed upper-case `reason`, an integer `count`).
 */
export type DomainErrorKind = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Same sentence for "does not exist" and "may not see it": no existence oracle. */
export class NotFoundError extends DomainError {
  readonly kind = 'NOT_FOUND';
  constructor(entity = 'Record') {
    super(`${entity} not found`);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'FORBIDDEN';
  constructor(message = 'Forbidden', details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** Someone else changed the record since it was read (optimistic locking), or a state moved on. */
export class ConflictError extends DomainError {
  readonly kind = 'CONFLICT';
  constructor(message = 'The record was changed by someone else; reload and try again') {
    super(message);
  }
}

/**
 * The input breaks a rule of the domain; `field` names the input field when there is one, and
 * `details` may add a fixed upper-case `reason`, an integer `count`, or an HTTP `status` for the
 * upload route (413, 415).
 */
export class InvalidInputError extends DomainError {
  readonly kind = 'INVALID';
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message, { ...details, ...(field ? { field } : {}) });
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** Shorthands, as domain code writes them: `throw notFound('Case')`, `throw invalid('…', 'field')`. */
export const notFound = (entity = 'Record') => new NotFoundError(entity);
export const forbidden = (message = 'Forbidden', details: Record<string, unknown> = {}) =>
  new ForbiddenError(message, details);
export const conflict = (message?: string) => new ConflictError(message);
export const invalid = (message: string, field?: string, details?: Record<string, unknown>) =>
  new InvalidInputError(message, field, details);
