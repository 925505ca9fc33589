import { GraphQLError } from 'graphql';
import { AppError, describeForLog, maskError } from './errors.js';

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
