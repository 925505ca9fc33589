import type { GraphQLFormattedError } from 'graphql';
import { maskError, type ErrorLogger } from '@scp/platform-graphql';
import { TOKEN_LIMIT_MESSAGE } from './query-limits.js';

/** What a client is told when `operationName` does not pick one operation of the query. */
export const UNKNOWN_OPERATION = 'operationName must name one operation of the query';
/** The gateway's own refusals of the operation choice (federation's INVALID_GRAPHQL, thrown unmasked). */
const OPERATION_CHOICE = /^(Unknown operation named |Must provide (an operation|operation name))/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The gateway's formatError. Everything goes through maskError (whitelisted codes pass; anything
 * else — a subgraph's raw database message included — becomes "Internal error" + errorId) with
 * two gateway-specific touches:
 * - a subgraph that already masked an error sent its own errorId: keep it, so the id the user
 *   quotes finds the line in that subgraph's log;
 * - limit rejections (validation errors carrying `extensions.limit`, or the parser's token limit)
 *   get the code QUERY_LIMIT_EXCEEDED.
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: ErrorLogger,
): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  // The client's mistake, not ours: the query holds no operation of that name, or several and no
  // name. Federation throws it as INVALID_GRAPHQL from the query planner (it would be masked, 500).
  if (ext.code === 'INVALID_GRAPHQL' && OPERATION_CHOICE.test(formatted.message))
    return { message: UNKNOWN_OPERATION, extensions: { code: 'BAD_REQUEST' } };
  if (ext.code === 'INTERNAL_SERVER_ERROR' && typeof ext.errorId === 'string' && UUID.test(ext.errorId)) {
    logger.error(
      { errorId: ext.errorId, subgraph: typeof ext.serviceName === 'string' ? ext.serviceName : undefined },
      'subgraph internal error',
    );
    return {
      message: 'Internal error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: ext.errorId },
    };
  }
  if (ext.code === 'GRAPHQL_VALIDATION_FAILED' && typeof ext.limit === 'string') {
    formatted = { ...formatted, extensions: { ...ext, code: 'QUERY_LIMIT_EXCEEDED' } };
  } else if (ext.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(formatted.message)) {
    formatted = { ...formatted, extensions: { ...ext, code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxTokens' } };
  }
  // The masked line names the subgraph the error came from (never its message).
  const subgraph = typeof ext.serviceName === 'string' ? ext.serviceName : undefined;
  const withSubgraph: ErrorLogger = subgraph
    ? { error: (obj, msg) => logger.error({ ...obj, subgraph }, msg) }
    : logger;
  return maskError(formatted, error, withSubgraph);
}
