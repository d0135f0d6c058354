// Lint rules that keep the architecture visible: core never imports electron, react or the
// DOM; the renderer imports only src/shared (plus browser libraries); shared imports nothing
// of ours. See docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnly = ['electron', 'react', 'react-dom', 'react-dom/*', 'echarts', 'echarts/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'release/**', 'test-output/**', 'test/fixtures/**', 'bin/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/server/**', '**/cli/**', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared imports nothing of ours.',
            },
            { group: ['node:*', ...nodeOnly], message: 'src/shared is plain data shared by Node and the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'core stays free of electron, react and the DOM.' },
            {
              group: ['**/server/**', '**/cli/**', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'core depends only on shared.',
            },
          ],
        },
      ],
    },
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'server and cli are plain Node.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'server and cli depend on core and shared only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/server/**', '**/cli/**', '**/main/**', '**/preload/**'],
              message: 'the renderer imports only src/shared and talks to the lab server over HTTP.',
            },
            { group: ['node:*', 'electron', 'better-sqlite3', 'execa'], message: 'the renderer runs in a browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/**', '**/server/**', '**/cli/**', '**/renderer/**'], message: 'the preload offers native extras only.' },
          ],
        },
      ],
    },
  },
);
