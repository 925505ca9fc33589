import { GraphQLError } from 'graphql';
import { AppError, describeForLog, isOutage, maskError, serviceUnavailable } from './errors.js';

describe('maskError', () => {
  const logged: Record<string, unknown>[] = [];
  const logger = { error: (obj: Record<string, unknown>) => void logged.push(obj) };

  it('passes a deliberate error with its code and safe details only', () => {
    const err = new AppError('BAD_USER_INPUT', 'reason is too long', { field: 'reason', value: 'SECRET' });
    const out = maskError({ message: err.message, extensions: err.extensions }, err, logger);
    expect(out).toEqual({
      message: 'reason is too long',
      locations: undefined,
      path: undefined,
      extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
    });
  });

  it('masks a database error, and neither the response nor the log carries its message', () => {
    const db = Object.assign(
      new Error(
        'duplicate key value violates unique constraint "uq_victim_phone" Key (phone)=(07700 900123)',
      ),
      {
        code: '23505',
      },
    );
    const wrapped = new GraphQLError(db.message, { originalError: db });
    const out = maskError(
      { message: wrapped.message, extensions: { code: 'BAD_USER_INPUT' } },
      wrapped,
      logger,
    );
    expect(out.message).toBe('Internal error');
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(JSON.stringify(logged)).not.toContain('07700');
    expect(logged.at(-1)).toMatchObject({
      errorId: out.extensions.errorId,
      err: { name: 'Error', sqlState: '23505' },
    });
  });

  it('strips every "Did you mean" and names a rejected variable instead of echoing its value', () => {
    const enumLiteral = new GraphQLError(
      'Value "OPN" does not exist in "CaseStatus" enum. Did you mean the enum value "OPEN"?',
    );
    expect(
      maskError(
        { message: enumLiteral.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
        enumLiteral,
        logger,
      ).message,
    ).toBe('Value "OPN" does not exist in "CaseStatus" enum.');
    const variable = new GraphQLError(
      'Variable "$f" got invalid value "CANARY" at "f.status"; Value "CANARY" does not exist in "CaseStatus" enum. Did you mean the enum value "OPEN"?',
    );
    expect(
      maskError({ message: variable.message, extensions: { code: 'BAD_USER_INPUT' } }, variable, logger),
    ).toEqual({
      message: 'Variable "$f" has an invalid value at "f.status"',
      extensions: { code: 'BAD_USER_INPUT', field: 'f.status' },
    });
  });

  it('describeForLog keeps frames, drops the message', () => {
    const d = describeForLog(new TypeError('value CANARY here'));
    expect(JSON.stringify(d)).not.toContain('CANARY');
    expect((d.frames as string[]).length).toBeGreaterThan(0);
  });
});

describe('outages (SERVICE_UNAVAILABLE)', () => {
  const logged: Array<[string, Record<string, unknown>]> = [];
  const logger = {
    error: (obj: Record<string, unknown>) => void logged.push(['error', obj]),
    warn: (obj: Record<string, unknown>) => void logged.push(['warn', obj]),
  };
  const UNAVAILABLE = {
    message: 'A service this request needs is unavailable; try again shortly',
    path: ['cases'],
    extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
  };

  it.each([
    [
      'pg refused (node AggregateError)',
      Object.assign(
        new AggregateError([
          Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }),
        ]),
        {},
      ),
    ],
    [
      'pg shutting down (57P01)',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['pg connection exception (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
    [
      'TypeORM wrapping the driver',
      Object.assign(new Error('wrapped'), {
        name: 'QueryFailedError',
        driverError: Object.assign(new Error('x'), { code: '57P03' }),
      }),
    ],
    ['pg-pool timeout', new Error('timeout exceeded when trying to connect')],
    ['pg connection lost', new Error('Connection terminated unexpectedly')],
    ['ioredis closed', new Error('Connection is closed.')],
    [
      'ioredis retries',
      Object.assign(new Error('Reached the max retries per request limit (which is 20).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
  ])('%s is an outage: coded, retryable, a fixed message, logged at warn', (_label, cause) => {
    expect(isOutage(cause)).toBe(true);
    const wrapped = new GraphQLError('db-host.internal:5432 CANARY', {
      originalError: cause,
      path: ['cases'],
    });
    logged.length = 0;
    expect(maskError({ message: wrapped.message, path: ['cases'] }, wrapped, logger)).toEqual(UNAVAILABLE);
    expect(logged.map(([level]) => level)).toEqual(['warn']);
    expect(JSON.stringify(logged)).not.toContain('CANARY');
  });

  it('is not an outage: a constraint violation, a TypeError, a refusal', () => {
    expect(isOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isOutage(new AppError('FORBIDDEN', 'Forbidden'))).toBe(false);
  });

  it("replaces a forwarded SERVICE_UNAVAILABLE's message with the fixed one", () => {
    const forwarded = new GraphQLError('subgraph cases at 10.0.0.7 is down', {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'cases' },
    });
    expect(
      maskError({ message: forwarded.message, path: ['cases'], extensions: forwarded.extensions }, forwarded),
    ).toEqual(UNAVAILABLE);
    const own = serviceUnavailable();
    expect(maskError({ message: own.message, extensions: own.extensions }, own).extensions).toEqual(
      UNAVAILABLE.extensions,
    );
  });
});
