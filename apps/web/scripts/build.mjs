#!/usr/bin/env node
// The web app's browser build: (1) the API schema derived from the committed supergraph, (2) the typed
// operations GraphQL Code Generator makes from it and from the `graphql()` calls in client/src, both
// committed under client/src/generated/, and (3) the Vite build into apps/web/dist/client, which the
// BFF (apps/web/src, compiled by the repository's SWC build) serves.
//
// Usage: node apps/web/scripts/build.mjs [--write] [--no-vite]
//   (default)   fail when a generated file is stale, then build
//   --write     rewrite the generated files (after changing a query or the supergraph), then build
//   --no-vite   only the generated-file step
// Run it after `libs/tooling/scripts/build.mjs`: the SWC build empties apps/web/dist.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteBuild } from '../../../libs/tooling/scripts/web-build.mjs';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(webRoot, '../..');
const generatedDir = path.join(webRoot, 'client/src/generated');
const apiSchemaFile = path.join(generatedDir, 'api.graphql');
const supergraphFile = path.join(repoRoot, 'prisma-free-schemas/supergraph.graphql');

/** The client-facing schema: the supergraph without its join/link machinery (what the gateway serves). */
export async function deriveApiSchema() {
  const { Supergraph } = await import('@apollo/federation-internals');
  const { printSchema } = await import('graphql');
  const api = Supergraph.build(fs.readFileSync(supergraphFile, 'utf8')).apiSchema();
  return `${printSchema(api.toGraphQLJSSchema()).trim()}\n`;
}

async function codegenOutputs(schemaSdl) {
  const { generate } = await import('@graphql-codegen/cli');
  const outputs = await generate(
    {
      schema: schemaSdl,
      documents: [
        path.join(webRoot, 'client/src/**/*.{ts,tsx}'),
        `!${generatedDir}/**`,
        // Tests and their helpers hold no operations of the app.
        `!${path.join(webRoot, 'client/src/**/*.spec.{ts,tsx}')}`,
        `!${path.join(webRoot, 'client/src/testing/**')}`,
        `!${path.join(webRoot, 'client/src/**/*.d.ts')}`,
      ],
      silent: true,
      generates: {
        [`${generatedDir}/`]: {
          preset: 'client',
          presetConfig: { fragmentMasking: false },
          config: {
            enumsAsTypes: true,
            useTypeImports: true,
            skipTypename: true,
            scalars: { DateTime: 'string' },
          },
        },
      },
    },
    false,
  );
  return outputs.map((o) => ({ file: path.resolve(o.filename), content: o.content }));
}

/** Returns the stale generated files (or writes them, with `write`). */
export async function generated({ write = false } = {}) {
  const schema = await deriveApiSchema();
  const files = [{ file: apiSchemaFile, content: schema }, ...(await codegenOutputs(schema))];
  const stale = files.filter((f) => !fs.existsSync(f.file) || fs.readFileSync(f.file, 'utf8') !== f.content);
  if (write) {
    fs.mkdirSync(generatedDir, { recursive: true });
    for (const f of stale) fs.writeFileSync(f.file, f.content);
  }
  return stale.map((f) => path.relative(repoRoot, f.file));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = new Set(process.argv.slice(2));
  const t0 = Date.now();
  const stale = await generated({ write: args.has('--write') });
  if (stale.length && !args.has('--write')) {
    console.error(
      `web: generated files are stale: ${stale.join(', ')}\n` +
        '     run `node apps/web/scripts/build.mjs --write` and commit the result',
    );
    process.exit(1);
  }
  if (!args.has('--no-vite')) await viteBuild();
  console.log(
    `web: ${stale.length ? `${stale.length} generated file(s) rewritten, ` : 'generated files fresh, '}` +
      `${args.has('--no-vite') ? 'no Vite build' : 'Vite build in apps/web/dist/client'} (${Date.now() - t0} ms)`,
  );
}
