import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';

/**
 * Explicit limits, never graphql-armor's defaults (security.md finding 3: the defaults exempt
 * aliased `__typename` and allow 50 directives, and graphql-cop gets through).
 */
type GraphQLArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

/**
 * The cost model (docs/query-limits.md): an object costs 2, a scalar 1, and a list with a
 * literal `first`/`last` multiplies what is under it by that page size. Depth adds no factor of
 * its own (`depthCostFactor: 1`): depth is capped by `maxDepth`, and graphql-armor's default 1.5
 * compounds per level, so the connection wrappers (`edges { node { … } }`) alone made a 20-row
 * cases list cost 1,150 and a 100-row one 5,750 — over the limit for one ordinary page. With this
 * model a cost is about the number of values a response can hold: a modest list (100 rows of
 * about 20 fields) costs 2,000–2,400, so the limit of 5,000 admits two such lists on a page and
 * refuses a list nested in a list (100 × 100 rows).
 */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 5,
  maxCost: 5000,
  maxTokens: 2000,
  /**
   * Brackets open at once (`{`, `[`, `(`), counted in the text before graphql-js parses it: its
   * recursive-descent parser overflows the stack on a list nested 3,000 deep before the token limit
   * stops it (a RangeError, answered as an internal error). The web app's deepest operation opens
   * far fewer.
   */
  maxNesting: 50,
} as const;

const BLOCK_QUOTE = '"""';

/**
 * The deepest bracket nesting of a GraphQL document's text, skipping strings, block strings and
 * comments; stops counting once past `limit`. Linear, no allocation.
 */
export function bracketNesting(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"' && text.startsWith(BLOCK_QUOTE, i)) {
      // A block string ends at the first """ not escaped as \""".
      let end = text.indexOf(BLOCK_QUOTE, i + 3);
      while (end > 0 && text[end - 1] === '\\') end = text.indexOf(BLOCK_QUOTE, end + 3);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return max;
}

/**
 * Each rejection is reported with `extensions.limit` naming the limit. Apollo forces validation
 * errors to GRAPHQL_VALIDATION_FAILED; formatGatewayError turns those carrying `limit` into
 * QUERY_LIMIT_EXCEEDED, so a client can tell "your query is too big" from "your query is wrong".
 */
function reporter(limit: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) => {
        ctx?.reportError(
          new GraphQLError(error.message, { extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit } }),
        );
      },
    ],
  };
}

/** The largest `first`/`last` any list of the graph accepts (each service's `pageSize`). */
export const MAX_PAGE_SIZE = 100;

export function armorConfig(): GraphQLArmorConfig {
  return {
    maxDepth: {
      enabled: true,
      n: QUERY_LIMITS.maxDepth,
      ignoreIntrospection: true,
      // Fragments count: flattened, twenty nested `... on Query` passed a limit of 10 (each
      // level still costs validation work). The web app's deepest operation counts 7 this way.
      flattenFragments: false,
      ...reporter('maxDepth'),
    },
    maxAliases: { enabled: true, n: QUERY_LIMITS.maxAliases, allowList: [], ...reporter('maxAliases') },
    maxDirectives: { enabled: true, n: QUERY_LIMITS.maxDirectives, ...reporter('maxDirectives') },
    costLimit: {
      enabled: true,
      maxCost: QUERY_LIMITS.maxCost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...reporter('costLimit'),
    },
    // Armor's token limit runs a second parser in a plugin and, on rejection, throws out of the
    // request pipeline (an HTTP 500). graphql-js enforces the same limit in its own parser
    // (`parseOptions.maxTokens`, see apolloLimitOptions) with a clean 400, at no extra parse.
    maxTokens: { enabled: false, n: QUERY_LIMITS.maxTokens },
    blockFieldSuggestion: { enabled: true, mask: '[Suggestion hidden]' },
  };
}

/** Plugins, validation rules and parse options to spread into the Apollo server options. */
export function apolloLimitOptions() {
  const { plugins, validationRules } = new ApolloArmor(armorConfig()).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: QUERY_LIMITS.maxTokens } };
}

/** graphql 16.15 spells it "more that"; accept the corrected spelling of later releases too. */
export const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:at|an) \d+ tokens/;
