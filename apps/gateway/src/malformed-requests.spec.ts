import { eventually } from '@scp/platform-testing';
import { startStubGateway, type StubGateway } from './testing/stub-gateway.js';

/**
 * Malformed requests (issue 20 §2): each answers 4xx with a client-error code and a message that
 * says what is wrong, and is logged at warn without a stack — never an internal error.
 */

let gw: StubGateway;
let base: string;
let token: string;
let logLines: StubGateway['logLines'];

beforeAll(async () => {
  gw = await startStubGateway();
  ({ base, logLines } = gw);
  token = await gw.issuer.signUserToken('demo.chair');
});

afterAll(async () => {
  await gw?.close();
});

const JSON_TYPE = 'application/json';
const UNKNOWN_OPERATION = 'operationName must name one operation of the query';
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const NOT_JSON = 'A GraphQL request must be a JSON body sent with Content-Type: application/json';
const NOT_OBJECT = 'The request body is not a JSON object';
const NO_QUERY = 'POST body missing, invalid Content-Type, or JSON object has no keys.';

// [what, content type, body, status, code, message, extra extensions]
const TABLE: Array<[string, string, string, number, string, string | RegExp, Record<string, unknown>?]> = [
  ['an empty body', JSON_TYPE, '', 400, 'BAD_REQUEST', NO_QUERY],
  ['an empty object', JSON_TYPE, '{}', 400, 'BAD_REQUEST', NO_QUERY],
  ['JSON null', JSON_TYPE, 'null', 400, 'BAD_REQUEST', NOT_OBJECT],
  ['truncated JSON', JSON_TYPE, '{"query":', 400, 'BAD_REQUEST', NOT_OBJECT],
  [
    'a batched array',
    JSON_TYPE,
    '[{"query":"{ __typename }"}]',
    400,
    'BAD_REQUEST',
    'Operation batching disabled.',
  ],
  [
    'a query that is a number',
    JSON_TYPE,
    '{"query":1}',
    400,
    'BAD_REQUEST',
    'GraphQL queries must be strings.',
  ],
  [
    'a query that is an object',
    JSON_TYPE,
    '{"query":{"a":1}}',
    400,
    'BAD_REQUEST',
    'GraphQL queries must be strings.',
  ],
  [
    'no query, only variables',
    JSON_TYPE,
    '{"variables":{}}',
    400,
    'BAD_REQUEST',
    'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.',
  ],
  ['text/plain', 'text/plain', '{"query":"{ __typename }"}', 400, 'BAD_REQUEST', NOT_JSON],
  ['a form', 'application/x-www-form-urlencoded', 'query=%7B__typename%7D', 400, 'BAD_REQUEST', NOT_JSON],
  [
    'variables that are a list',
    JSON_TYPE,
    '{"query":"{ __typename }","variables":[1]}',
    400,
    'BAD_REQUEST',
    '`variables` in a POST body must be an object if provided.',
  ],
  [
    'an operation name that is a number',
    JSON_TYPE,
    '{"query":"{ __typename }","operationName":1}',
    400,
    'BAD_REQUEST',
    '`operationName` in a POST body must be a string if provided.',
  ],
  [
    'an operation name the query does not hold',
    JSON_TYPE,
    '{"query":"query A { __typename }","operationName":"B"}',
    400,
    'BAD_REQUEST',
    UNKNOWN_OPERATION,
  ],
  [
    'two operations and no operation name',
    JSON_TYPE,
    '{"query":"query A { __typename } query B { __typename }"}',
    400,
    'BAD_REQUEST',
    UNKNOWN_OPERATION,
  ],
  [
    'a list nested 3,000 deep in the query',
    JSON_TYPE,
    JSON.stringify({ query: `{ cases(filter: ${nested(3000)}) { id } }` }),
    400,
    'QUERY_LIMIT_EXCEEDED',
    'Query nests brackets deeper than 50',
    { limit: 'maxNesting' },
  ],
  [
    'a list nested 3,000 deep in a variable',
    JSON_TYPE,
    `{"query":"query($f: CaseFilter) { cases(filter: $f) { id } }","variables":{"f":${nested(3000)}}}`,
    400,
    'BAD_USER_INPUT',
    'Variable "$f" has an invalid value',
    { field: 'f' },
  ],
  [
    'a body that is a list nested 3,000 deep',
    JSON_TYPE,
    nested(3000),
    400,
    'BAD_REQUEST',
    'Operation batching disabled.',
  ],
  [
    'extensions nested 3,000 deep',
    JSON_TYPE,
    `{"query":"{ __typename }","extensions":${nested(3000)}}`,
    400,
    'BAD_REQUEST',
    '`extensions` in a POST body must be an object if provided.',
  ],
  [
    'a body over the size limit',
    JSON_TYPE,
    JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(200_000) } }),
    413,
    'QUERY_LIMIT_EXCEEDED',
    'Request body exceeds the limit of 100kb',
    { limit: 'bodyLimit' },
  ],
];

describe('malformed requests to /graphql', () => {
  it.each(TABLE)('%s → %i %s', async (_what, type, body, status, code, message, extra = {}) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${token}` },
      body,
    });
    expect(res.status).toBe(status);
    const answer = (await res.json()) as {
      data?: unknown;
      errors: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]!.extensions).toEqual({ code, ...extra });
    if (typeof message === 'string') expect(answer.errors[0]!.message).toBe(message);
    else expect(answer.errors[0]!.message).toMatch(message);
    // The client's mistake is logged at warn, with no stack, and nothing at error.
    const requestId = res.headers.get('x-request-id');
    await eventually(
      async () => logLines.some((l) => l.requestId === requestId && l.msg === 'request'),
      2_000,
    );
    const line = logLines.find((l) => l.requestId === requestId && l.msg === 'request')!;
    expect(line).toMatchObject({ level: 40, status });
    const ofRequest = logLines.filter((l) => l.requestId === requestId);
    expect(ofRequest.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(ofRequest)).not.toMatch(/frames|stack|trace/);
  });

  it('counts only real brackets towards the nesting limit: not in strings, block strings or comments', async () => {
    const deep = '['.repeat(60);
    const block = '"'.repeat(3);
    const query = `query($s: DateTime = "${deep}") { cases(updatedSince: $s) { id } } # ${deep}\n${block}${deep} \\${block} ${deep}${block}`;
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    // Past the nesting check: the parser's own complaint (a trailing block string is no operation).
    const answer = (await res.json()) as { errors: Array<{ extensions: unknown }> };
    expect(answer.errors[0]!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('logs nothing at error for the whole table', () => {
    expect(logLines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
