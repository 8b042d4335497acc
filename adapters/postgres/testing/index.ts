export { createTestDatabase, LOCAL_POSTGRES_URL, type TestDatabase } from './test-database';
export { copyEmbeddedTemplate, makeEmbeddedTemplate, type EmbeddedTemplate } from './embedded-template';
