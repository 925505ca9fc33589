import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const ALL_LIBS = ['type:domain', 'type:platform', 'type:contracts', 'type:schema', 'type:testing'];

/** Which kind of project may depend on which (style.md rule 1): real constraints, no wildcard. */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ALL_LIBS },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', ...ALL_LIBS] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:testing', 'type:schema'],
  },
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:testing'],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
  { sourceTag: 'type:schema', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:testing'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:app', ...ALL_LIBS] },
  {
    sourceTag: 'scope:e2e',
    onlyDependOnLibsWithTags: [
      'scope:cases',
      'scope:referrals',
      'scope:meetings',
      'scope:notifications',
      'scope:gateway',
      'scope:web',
      'scope:shared',
    ],
  },
  { sourceTag: 'scope:cases', onlyDependOnLibsWithTags: ['scope:cases', 'scope:shared'] },
  { sourceTag: 'scope:referrals', onlyDependOnLibsWithTags: ['scope:referrals', 'scope:shared'] },
  { sourceTag: 'scope:meetings', onlyDependOnLibsWithTags: ['scope:meetings', 'scope:shared'] },
  {
    sourceTag: 'scope:notifications',
    onlyDependOnLibsWithTags: ['scope:notifications', 'scope:shared'],
  },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '.nx/**',
      'tmp/**',
      '.data/**',
      '.tools/**',
      'bench/results/**',
      // GraphQL Code Generator output (apps/web/scripts/build.mjs), checked for freshness instead.
      'apps/web/client/src/generated/**',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
    },
  },
  {
    // The web app's browser part (apps/web/client): React + TSX in the browser. Same rules and
    // module boundaries as the rest (tags scope:web, type:app in apps/web/project.json).
    files: ['apps/web/client/**/*.ts', 'apps/web/client/**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        HTMLElement: 'readonly',
        HTMLScriptElement: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
    },
  },
  {
    // The end-to-end project composes the apps themselves; nothing else may import an app.
    files: ['apps/e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [
            '@scp/cases-app',
            '@scp/gateway-app',
            '@scp/referrals-app',
            '@scp/meetings-app',
            '@scp/notifications-app',
            '@scp/web-app',
          ],
          depConstraints,
        },
      ],
    },
  },
  {
    // Domain code throws the domain's errors (@scp/contracts: notFound, forbidden, conflict,
    // invalid); the GraphQL edge maps them to codes (domainErrorPlugin, toAppError).
    files: ['libs/{cases,meetings,referrals,notifications}/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@scp/platform-graphql',
              importNames: ['AppError', 'forbidden', 'notFound', 'badInput', 'conflict', 'unauthenticated'],
              message:
                'Domain code throws domain errors from @scp/contracts; the edge maps them to GraphQL codes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
];
