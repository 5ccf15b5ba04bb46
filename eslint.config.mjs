// typescript-eslint, strict and type-aware (.ci/run runs it over every TypeScript folder).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'dist/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers and booleans read fine in messages; objects and nullish values still need a decision.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // @kubernetes/client-node declares its models as classes but takes plain objects (it serialises by
      // attribute map), so a plain object is the documented way to call it.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Kubernetes objects are JSON maps keyed by label, annotation and field names: removing a key is the operation.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // `const { dropped, ...kept } = obj` is how a key is left out; `_name` marks a deliberately unused one.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, the emulated API server and the controller simulators handle any kind's objects as JSON;
    // the emulator also checks what its JSON types promise, since it must answer malformed requests
    // the way a real server does.
    files: ['test/**/*.ts', 'local/kube-emulator/**/*.ts', 'local/controller-simulators/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Test fakes implement async interfaces without awaiting, and assertions read answers defensively
    // (`result?.status`) so a wrong answer fails with a message instead of a TypeError.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      // Spreading a @kubernetes/client-node model read from the API is how a test makes a changed copy.
      '@typescript-eslint/no-misused-spread': 'off',
    },
  },
);
