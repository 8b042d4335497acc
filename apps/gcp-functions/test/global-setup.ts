export { gcpGlobalSetup as default } from '@kumo/adapter-gcp/testing/vitest';
