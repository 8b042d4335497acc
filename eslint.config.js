import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Core's layers (DESIGN.md): each may import only the layers before it. */
const SERVICE_LAYERS = ['./core/src/services', './core/src/policy', './core/src/jobs', './core/src/push'];
const COMPOSERS = ['./core/src/app.ts', './core/src/features.ts', './core/src/core-module.ts', './core/src/index.ts'];

/** Imports run one way: apps → adapters → core; inside core ports ← store ← HTTP kit ← features ← the app. */
const IMPORT_DIRECTION = [
  { target: './core/src/ports', from: './core/src', except: ['./ports'], message: 'ports import no other part of core' },
  { target: './core/src/store', from: './core/src', except: ['./ports', './store'], message: 'store helpers import only ports' },
  { target: './core/src/http', from: './core/src', except: ['./ports', './store', './http'], message: 'the HTTP kit knows no service: it imports only ports and store helpers' },
  { target: SERVICE_LAYERS, from: COMPOSERS, message: 'features do not import the app that composes them' },
  { target: './core', from: ['./adapters', './apps', './conformance'], message: 'core imports no adapter, app or suite' },
  { target: './adapters', from: './apps', message: 'adapters do not import apps' },
  { target: './adapters/aws', from: ['./adapters/gcp', './adapters/azure', './adapters/memory', './adapters/postgres'], message: 'adapters do not import each other (except the shared adapters/mqtt and adapters/mobile-push)' },
  { target: './adapters/gcp', from: ['./adapters/aws', './adapters/azure', './adapters/memory', './adapters/postgres'], message: 'adapters do not import each other (except the shared adapters/mqtt and adapters/mobile-push)' },
  { target: './adapters/azure', from: ['./adapters/aws', './adapters/gcp', './adapters/memory', './adapters/postgres'], message: 'adapters do not import each other (except the shared adapters/mqtt and adapters/mobile-push)' },
  { target: './adapters/mobile-push/src', from: ['./adapters/aws', './adapters/gcp', './adapters/azure', './adapters/memory', './adapters/postgres'], message: 'the shared mobile push imports no other adapter' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '**/.emulators/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/src/**/*.ts', 'adapters/*/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: IMPORT_DIRECTION }] },
  },
);
