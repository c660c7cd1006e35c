import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const frameworkPackages = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'pg',
  'better-sqlite3',
  'class-validator',
  'class-transformer',
  'rxjs',
  'jose',
  'express',
  'node:*',
];

// Domain code is plain TypeScript: no framework, no I/O. Tests may also use the testing library.
const boundaries = (testing) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: ['type:domain'],
        bannedExternalImports: frameworkPackages,
      },
      {
        sourceTag: 'type:infrastructure',
        onlyDependOnLibsWithTags: ['type:domain', 'type:infrastructure', ...testing],
      },
      {
        sourceTag: 'type:application',
        onlyDependOnLibsWithTags: ['type:domain', 'type:infrastructure', 'type:application', ...testing],
      },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:infrastructure', 'type:testing'] },
      // The web workspace runs in the browser: it talks to the API over HTTP only, never through its libs.
      { sourceTag: 'scope:web', onlyDependOnLibsWithTags: [], bannedExternalImports: frameworkPackages },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/data',
      '**/coverage',
      '.nx',
      'tmp',
      '**/*.js',
      '**/*.mjs',
      'apps/web/src/api/schema.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@nx/enforce-module-boundaries': boundaries([]),
    },
  },
  {
    // Node built-ins are not "external" to the Nx graph, so the boundary rule cannot ban them.
    files: [
      'libs/shared/kernel/src/**/*.ts',
      'libs/cases/domain/src/**/*.ts',
      'libs/access/policy/src/**/*.ts',
      'libs/audit/merkle/src/**/*.ts',
      'libs/access-questions/src/**/*.ts',
      'libs/retention/src/**/*.ts',
      'libs/records-of-processing/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'crypto',
                'path',
                'os',
                'child_process',
                'http',
                'https',
                'net',
                'worker_threads',
              ],
              message: 'Domain code is plain TypeScript: time, randomness and I/O come in from outside.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every write of the web workspace goes through useWrite (apps/web/src/api/write.ts), which sends it once
    // at a time: a double click must not open two cases. Every navigation link is the workspace's NavLink
    // (apps/web/src/layout/nav-link.tsx), which sets no state classes: a class changed at the click made the
    // next page's paint wait for a frame.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: ['apps/web/src/api/write.ts', 'apps/web/src/layout/nav-link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@tanstack/react-query',
              importNames: ['useMutation'],
              message: 'Writes go through useWrite (api/write.ts): it sends a write once at a time.',
            },
            {
              name: 'react-router',
              importNames: ['NavLink'],
              message: 'Navigation links are the NavLink of layout/nav-link.tsx: it sets no state classes.',
            },
          ],
        },
      ],
    },
  },
  {
    // Nest's DI needs runtime imports of injected classes; type-only imports would erase them.
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': boundaries(['type:testing']),
    },
  },
  prettier,
);
