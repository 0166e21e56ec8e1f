/** Lint for the whole monorepo: typescript-eslint's recommended rules plus the house bans. */
module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
  plugins: ['@typescript-eslint'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
  env: { es2022: true, node: true },
  ignorePatterns: ['node_modules', 'dist', '.turbo', 'coverage'],
  rules: {
    '@typescript-eslint/consistent-type-imports': 'error',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
        message: 'Focused tests never land.',
      },
      {
        selector: 'ExportAllDeclaration',
        message: 'Re-export by name (see STYLE.md).',
      },
    ],
  },
  overrides: [
    {
      files: ['apps/client/src/**/*.ts'],
      env: { browser: true, node: false },
    },
  ],
};
