import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformFile } from '@swc/core';
import { execute, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { withAccess } from '@scp/platform-access';
import { applyCategoryGuards } from './category-guard.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const guardSource = path.join(here, 'category-guard.ts');
const buildScript = pathToFileURL(path.resolve(here, '../../../tooling/scripts/build.mjs')).href;

/** The options libs/tooling/scripts/build.mjs uses for a file, production (false) or bench (true). */
async function compileGuard(bench: boolean): Promise<string> {
  const { swcOptionsForSource } = (await import(buildScript)) as {
    swcOptionsForSource(source: string, bench: boolean): Record<string, unknown>;
  };
  const options = { ...swcOptionsForSource(fs.readFileSync(guardSource, 'utf8'), bench), sourceMaps: false };
  return (await transformFile(guardSource, { ...options, filename: guardSource })).code;
}

describe('benchmark guard bypass (performance.md ii-a)', () => {
  it('is absent from the production build of category-guard.ts', async () => {
    const code = await compileGuard(false);
    expect(code).toContain('export function applyCategoryGuards');
    expect(code).not.toContain('__SCP_BENCH_BUILD__');
    expect(code).not.toMatch(/\.bypass\b/);
    expect(code).not.toMatch(/if \(false/);
    expect(code).not.toContain('Benchmark builds only');
  });

  it('is present in the benchmark build (so the test above can fail)', async () => {
    const code = await compileGuard(true);
    expect(code).toMatch(/if \(opts\.bypass\)/);
    expect(code).not.toContain('__SCP_BENCH_BUILD__');
  });

  it('still guards in the normal (test) build when asked to bypass', async () => {
    const Person = new GraphQLObjectType({
      name: 'Person',
      fields: {
        alias: { type: GraphQLString, extensions: { category: 'D11:limited' } },
        givenName: { type: GraphQLString, extensions: { category: 'D11' } },
      },
    });
    const schema = applyCategoryGuards(
      new GraphQLSchema({
        query: new GraphQLObjectType({
          name: 'Query',
          fields: {
            person: {
              type: Person,
              resolve: () =>
                withAccess(
                  { alias: 'Victim A', givenName: 'Synthetic' },
                  { fields: new Set(['D11:limited' as const]), entityType: 'Case', entityId: 'c1' },
                ),
            },
          },
        }),
      }),
      { bypass: true },
    );
    const result = await execute({
      schema,
      document: parse('{ person { alias givenName } }'),
      contextValue: {},
    });
    expect(result.data).toEqual({ person: { alias: 'Victim A', givenName: null } });
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });
});
