import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformFile } from '@swc/core';
import { execute, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { withAccess } from '@scp/platform-access';
import { applyCategoryGuards } from './category-guard.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');

/**
 * performance.md ii-a prices authorization against a build whose guard checks nothing. That
 * stand-in lives in bench/ and replaces the guard module in .bench-build/ only: production source
 * and its build have no bypass of any kind.
 */
describe('benchmark guard bypass is not in production source', () => {
  const source = fs.readFileSync(path.join(here, 'category-guard.ts'), 'utf8');

  it('has no bypass, flag or stub in category-guard.ts, its build or the subgraph options', async () => {
    const { swcOptions } = (await import(
      pathToFileURL(path.join(repoRoot, 'libs/tooling/scripts/build.mjs')).href
    )) as {
      swcOptions: Record<string, unknown>;
    };
    const file = path.join(here, 'category-guard.ts');
    const { code } = await transformFile(file, { ...swcOptions, sourceMaps: false, filename: file });
    for (const text of [source, code, fs.readFileSync(path.join(here, 'subgraph.ts'), 'utf8')]) {
      expect(text).not.toMatch(/bypass/i);
      expect(text).not.toMatch(/BENCH/);
    }
    expect(code).toContain('export function applyCategoryGuards(schema)');
  });

  it('is swapped in by the bench build alone (so the test above can fail where it is)', async () => {
    const { swapInBenchGuard } = (await import(
      pathToFileURL(path.join(repoRoot, 'bench/lib/bench-build.mjs')).href
    )) as {
      swapInBenchGuard(dist: string): void;
    };
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-guard-'));
    try {
      fs.writeFileSync(
        path.join(dist, 'category-guard.js'),
        'export function applyCategoryGuards(schema) { return schema; }\n',
      );
      swapInBenchGuard(dist);
      expect(fs.readFileSync(path.join(dist, 'category-guard.guarded.js'), 'utf8')).toContain(
        'applyCategoryGuards',
      );
      const stub = fs.readFileSync(path.join(dist, 'category-guard.js'), 'utf8');
      expect(stub).toContain('export async function withGuardBypass');
      expect(stub).toContain("export * from './category-guard.guarded.js'");
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  it('guards: a field the reader may not see is null with FORBIDDEN, whatever is asked', async () => {
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
