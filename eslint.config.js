import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'test-results/**', '**/.taro-cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // Limits that keep the code readable (issue 10 part D). The front ends get theirs with the UI kit issue.
    name: 'limits/readable-size',
    files: [
      'packages/api/**/*.ts',
      'packages/shared/**/*.ts',
      'packages/miniapp/src/**/*.{ts,tsx}',
      'packages/kiosk/src/**/*.{ts,tsx}',
      'tools/**/*.ts',
      'test/**/*.ts',
    ],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
);
