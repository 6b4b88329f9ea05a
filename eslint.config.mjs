// One lint config for the whole workspace. The module-boundary rule is what keeps the layers honest:
// services → libs only; only the apiserver (and the store benchmark) may import the event store;
// libs/api is pure (no I/O libraries, no Node built-ins).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'net', 'http', 'https', 'child_process', 'crypto', 'os', 'path', 'stream', 'buffer'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.nx/**', 'test/bench/results/**', '.kubeledger/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['pg', 'kysely', 'nats', '@nats-io/*', 'fastify', '@opentelemetry/*', ...NODE_BUILTINS],
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:infra'] },
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:store', 'type:migrations'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:store', 'type:migrations'] },
            { sourceTag: 'scope:agent', notDependOnLibsWithTags: ['access:apiserver'] },
            { sourceTag: 'scope:bus', notDependOnLibsWithTags: ['access:apiserver'] },
            { sourceTag: 'type:migrations', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:migrations'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:migrations', 'type:testing'], notDependOnLibsWithTags: ['access:apiserver'] },
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:store', 'type:migrations', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    // kysely's migration convention: migrations see the database as it was, untyped.
    files: ['migrations/src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // libs/api is pure: no I/O, so no Node built-ins (tests and the generator script may use them).
    files: ['libs/api/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', ...NODE_BUILTINS.filter((m) => m !== 'node:*')], message: 'libs/api does no I/O: keep Node built-ins out of it.' }] }],
    },
  },
);
