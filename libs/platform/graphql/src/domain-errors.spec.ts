import { ApolloServer } from '@apollo/server';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@scp/contracts';
import { AppError, isAudited, markAudited, maskError, toAppError } from './errors.js';
import { domainErrorPlugin } from './domain-error-plugin.js';

describe('domain errors at the GraphQL edge', () => {
  const server = new ApolloServer({
    typeDefs: 'type Query { missing: String, refused: String, stale: String, invalid: String, fine: String }',
    resolvers: {
      Query: {
        missing: () => {
          throw new NotFoundError('Case');
        },
        refused: () => {
          throw new ForbiddenError('Not permitted to read D6', { category: 'D6' });
        },
        stale: () => {
          throw new ConflictError();
        },
        invalid: () => {
          throw new InvalidInputError('Give the reason', 'reason');
        },
        fine: () => 'ok',
      },
    },
    plugins: [domainErrorPlugin()],
    formatError: (formatted, error) => maskError(formatted, error),
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('answers each kind with its code, its message and only its safe details', async () => {
    const res = await server.executeOperation({ query: '{ missing refused stale invalid fine }' });
    if (res.body.kind !== 'single') throw new Error('single result expected');
    const { data, errors } = res.body.singleResult;
    expect(data).toEqual({ missing: null, refused: null, stale: null, invalid: null, fine: 'ok' });
    const byPath = Object.fromEntries(
      (errors ?? []).map((e) => [e.path?.[0], { message: e.message, extensions: e.extensions }]),
    );
    expect(byPath).toEqual({
      missing: { message: 'Case not found', extensions: { code: 'NOT_FOUND' } },
      refused: { message: 'Not permitted to read D6', extensions: { code: 'FORBIDDEN' } },
      stale: {
        message: expect.stringContaining('changed by someone else'),
        extensions: { code: 'CONFLICT' },
      },
      invalid: { message: 'Give the reason', extensions: { code: 'BAD_USER_INPUT', field: 'reason' } },
    });
  });

  it('masks a domain error that reaches the mask without the plugin as a deliberate one, not an internal error', () => {
    const formatted = maskError(
      { message: 'Case not found', extensions: { code: 'NOT_FOUND' } },
      new NotFoundError('Case'),
    );
    expect(formatted.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('gives REST controllers the same mapping, keeping the audited mark', () => {
    const app = toAppError(markAudited(new ForbiddenError('No', { category: 'D4' })));
    expect(app).toBeInstanceOf(AppError);
    expect((app as AppError).extensions).toEqual({ category: 'D4', code: 'FORBIDDEN' });
    expect(isAudited(app)).toBe(true);
    const other = new Error('x');
    expect(toAppError(other)).toBe(other);
  });
});
