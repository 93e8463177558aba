// ESLint flat config: typescript-eslint's type-aware recommended rules over every TypeScript file, plus the rules
// that catch real bugs here (unawaited promises, promises passed where a callback returns void, type-only imports
// that would load a module). `npm test` runs it; `npm run lint` alone.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const unsafeAny = {
  '@typescript-eslint/no-explicit-any': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
};

export default defineConfig(
  { ignores: ['dist/', 'dist-test/', 'node_modules/', 'coverage/', 'docs/', '.soc2-tmp/', 'evidence/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    // One program for every file: tsconfig.test.json covers sources, tests and vitest.config.ts (tsconfig.json, the
    // build, leaves the tests out).
    languageOptions: { parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `typeof import('@aws-sdk/client-x')` types an SDK the collector loads lazily (await import) only when it runs.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Why off: no-unsafe-* flag every use of an `any` value, which is where the risk is; the explicit `any`s left are
      // registries of collectors and checks with different config types (`Collector<any>[]`: C is invariant), the one
      // `send` signature every AWS SDK client shares, and the untyped reads the blocks below name.
      '@typescript-eslint/no-explicit-any': 'off',
      // Messages align their columns with two spaces (`file:line:col  /pointer  message`); tests match them literally.
      'no-regex-spaces': 'off',
      // `ok && run()` and `c ? a() : b()` as statements are this code's idiom for a conditional call.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // An async function without await is how code implements an async contract (collectors are async generators,
      // callbacks typed to return a Promise); the mistakes that matter are no-floating-promises' and await-thenable's.
      '@typescript-eslint/require-await': 'off',
      // A caught value passed on as is (`reject(err)` with `err: unknown`) is not a new non-Error rejection.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // String() of a narrowed `unknown` (`{}`: a scalar read from YAML/JSON) is intended; objects are still caught.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', '{}'] }],
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // `_name` marks a binding kept on purpose (a rest sibling dropped from a copy, a positional parameter), as tsc's
      // noUnused* options already accept.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Why no no-unsafe-*/no-explicit-any here: tests read JSON the CLI and sandbox wrote and let expect() check its
    // shape; typing every parsed file would add casts, not safety.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: unsafeAny,
  },
  {
    // Why: the sandbox reads request bodies of four wire protocols loosely on purpose (the real SDK clients on the
    // other side validate what it answers), and its scenario files are schema-checked YAML.
    files: ['src/sandbox/**/*.ts'],
    rules: { ...unsafeAny, '@typescript-eslint/restrict-template-expressions': 'off' },
  },
  {
    // Why: the Okta SDK's generated models are read as `any` at the pager (their types disagree with what the API
    // sends); what the collector writes is typed by recordOf (EvidenceData) and each record is validated against
    // schemas/evidence/okta.*.schema.json when it is taken in.
    files: ['collectors/okta/**/*.ts'],
    rules: unsafeAny,
  },
  {
    // Why: AWS Config's SelectAggregateResourceConfig answers each item as a JSON string whose `configuration` is the
    // resource's own untyped document; every field a record needs goes through need() (missing → error, never a default).
    files: ['collectors/aws/*/aggregator.ts'],
    rules: unsafeAny,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    // The Node globals the plain-JS files use (the `globals` package is not a dependency).
    languageOptions: {
      globals: Object.fromEntries(['process', 'console', 'URL', 'Buffer', 'fetch', 'AbortSignal', 'setTimeout', 'clearTimeout'].map((g) => [g, 'readonly'])),
    },
  },
);
