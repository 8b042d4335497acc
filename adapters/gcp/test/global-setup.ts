export { gcpGlobalSetup as default } from '../testing/vitest';
