// ESLint flat config: typescript-eslint recommended rules, plus the import rules that dependency-cruiser
// cannot express (only src/config reads process.env; only src/main.ts exits).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/ingest/otlp/generated/**', 'coverage/**', '.aiops/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/main.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config (the only reader of process.env).' }, { object: 'process', property: 'exit', message: 'Return an exit code; only src/main.ts exits.' }],
    },
  },
  {
    // Ports (the interfaces adapters implement) live in src/core only (issue 16); an adapter folder may hold
    // implementations and its own option types, never the contract.
    files: ['src/**/*.ts'],
    ignores: ['src/core/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'TSInterfaceDeclaration[id.name=/(Port|Executor|Notifier)$|^(Llm|Detector|PromClient)$/]', message: 'Ports live in src/core: declare this interface there and import it.' }],
    },
  },
  {
    // Temporal workflow code runs in a deterministic sandbox and is replayed: values come only from
    // @temporalio/workflow and the pure remediation step table; everything else (node:, SDKs, activities) as types.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^(?!@temporalio/workflow$|\\.\\./src/core/remediation-machine\\.js$)', allowTypeImports: true, message: 'Workflow code imports values only from @temporalio/workflow and src/core/remediation-machine.ts; use `import type` for the rest (I/O belongs in activities).' }] }],
    },
  },
  {
    // The step table both remediation drivers execute, Temporal's workflow sandbox included: no imports but
    // types, no clock, no randomness, no timers (time reaches it as `timedOut` from the driver).
    files: ['src/core/remediation-machine.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '.', allowTypeImports: true, message: 'The remediation step table is replayed by Temporal: type imports only.' }] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Not deterministic: the driver passes time in.' }, { object: 'Math', property: 'random', message: 'Not deterministic under Temporal replay.' }, { object: 'process', property: 'env', message: 'Read configuration through src/config.' }, { object: 'process', property: 'exit', message: 'Return an exit code; only src/main.ts exits.' }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Waits belong to the driver (a Temporal timer, a wake time).' }, { name: 'setInterval', message: 'Waits belong to the driver.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'Not deterministic: the driver passes time in.' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
