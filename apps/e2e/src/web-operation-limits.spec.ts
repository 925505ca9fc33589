import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_PAGE_SIZE, QUERY_LIMITS, apolloLimitOptions } from '@scp/gateway-app';
import {
  buildSchema,
  Kind,
  parse,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const generatedDir = path.join(repoRoot, 'apps/web/client/src/generated');

/**
 * Each page at the largest size it can have: a page size passed as a variable, or left out, is
 * costed at the largest the graph accepts (graphql-armor multiplies by literal sizes only).
 */
function atLargestPage(schema: GraphQLSchema, doc: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const largest = { kind: Kind.INT, value: String(MAX_PAGE_SIZE) } as const;
  return visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const pageArg = typeInfo.getFieldDef()?.args.find((a) => a.name === 'first');
        if (!pageArg) return undefined;
        const given = node.arguments?.find((a) => a.name.value === 'first');
        if (given && given.value.kind !== Kind.VARIABLE) return undefined;
        const others = (node.arguments ?? []).filter((a) => a !== given);
        return {
          ...node,
          arguments: [
            ...others,
            { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value: largest },
          ],
        };
      },
    }),
  );
}

/**
 * Issue 14 item 8: every operation the web app sends, at its largest page size, passes the
 * gateway's limits — the same validation rules and parser limits the gateway runs. A new web
 * operation over a limit fails here, before it fails a user.
 */
describe('the web app’s operations against the gateway’s query limits', () => {
  const schema = buildSchema(fs.readFileSync(path.join(generatedDir, 'api.graphql'), 'utf8'));
  const { validationRules, parseOptions } = apolloLimitOptions();
  // The limit rules alone: the schema rules already passed when the operations were generated
  // (and a page-size variable replaced by its largest value is no longer used).
  const check = (source: string): readonly GraphQLError[] =>
    validate(schema, parse(source, parseOptions), validationRules);
  let operations: [name: string, doc: DocumentNode][] = [];

  beforeAll(async () => {
    const generated = (await import(path.join(generatedDir, 'graphql.ts'))) as Record<string, unknown>;
    operations = Object.entries(generated).filter(
      (e): e is [string, DocumentNode] =>
        e[0].endsWith('Document') && (e[1] as DocumentNode | undefined)?.kind === Kind.DOCUMENT,
    );
  });

  it('finds the generated operations', () => {
    // Guards against the loader silently finding none (then every check below would pass).
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.map(([name]) => name)).toEqual(
      expect.arrayContaining(['CasesDocument', 'MeetingsDocument']),
    );
  });

  it('passes every operation, each page at its largest size', () => {
    const refused = operations
      .map(([name, doc]) => ({
        name,
        errors: check(print(atLargestPage(schema, doc))).map((e) => e.message),
      }))
      .filter((r) => r.errors.length > 0);
    expect(refused).toEqual([]);
  });

  it('a full page of a modest list passes, two on one page pass, and a third is refused', () => {
    const casesPage = `cases(first: 100) { edges { node { id reference status agreedRiskLevel nextReviewOn
      leadAgency { name } subject { familyName } } } pageInfo { hasNextPage endCursor } }`;
    const refusals = (errors: readonly GraphQLError[]) =>
      errors.map((e) => [e.extensions['limit'], e.message.replace(/^.*found /, '')]);
    expect(QUERY_LIMITS.maxCost).toBe(5000);
    expect(check(`{ ${casesPage} }`)).toEqual([]);
    expect(check(`{ a: ${casesPage} b: ${casesPage} }`)).toEqual([]);
    expect(refusals(check(`{ a: ${casesPage} b: ${casesPage} c: ${casesPage} }`))).toEqual([
      ['costLimit', '6300.'],
    ]);
  });
});
