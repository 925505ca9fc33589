// One Jest run for the whole workspace: one PostgreSQL and one Redis (started by
// libs/tooling/scripts/test.mjs), a database per test file (libs/platform/testing).
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const dirs = pkg.workspaces.flatMap((w) =>
  w.endsWith('/*')
    ? fs
        .readdirSync(path.join(root, w.slice(0, -2)), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(root, w.slice(0, -2), e.name))
    : [path.join(root, w)],
);
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const dir of dirs) {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) continue;
  const name = JSON.parse(fs.readFileSync(file, 'utf8')).name;
  moduleNameMapper[`^${name.replace('/', '\\/')}$`] = path.join(dir, 'src', 'index.ts');
}

module.exports = {
  testEnvironment: 'node',
  rootDir: root,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/prisma-free-schemas'],
  // *.spec.tsx: the web client's component tests; each picks jsdom with a `@jest-environment jsdom`
  // docblock, so every other test stays in node.
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
    // React components (apps/web/client): TSX with the automatic JSX runtime, as Vite builds them.
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  setupFiles: ['<rootDir>/apps/web/client/jsdom-globals.cjs'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/libs/platform/testing/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/libs/platform/testing/jest-global-teardown.mjs',
};
