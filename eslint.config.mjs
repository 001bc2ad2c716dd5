// Lint rules that encode the house style: pure rooms never import `vscode`, no console in src/,
// no floating promises. Generated protobuf code is not ours to lint.
import tseslint from 'typescript-eslint';

const pureRooms = ['src/connect/**', 'src/plan/**', 'src/sql/**', 'src/pyspark/**', 'src/protocol/**',
  'src/arrow-format/**', 'src/engine/**', 'src/local-spark/**', 'src/cli/**', 'src/sql-format/**', 'src/sql-language/**', 'src/notebook/**'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'src/connect/generated/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'media/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [
        { from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] }] }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  {
    files: pureRooms,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Pure modules must not depend on the VS Code API.' }],
      }],
    },
  },
);
