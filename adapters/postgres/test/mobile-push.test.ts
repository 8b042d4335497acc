import { inject } from 'vitest';
import { directMobilePushHarness } from '@kumo/adapter-mobile-push/testing';
import { describeMobilePush } from '@kumo/conformance';
import { createPostgresStorage } from '../src/index';
import { copyEmbeddedTemplate } from '../testing';

describeMobilePush('postgres (PGlite) with FCM v1 and APNs direct, as the self-hosted server runs it', async () => {
  const copy = await copyEmbeddedTemplate(inject('pgliteTemplate'));
  const storage = createPostgresStorage({ embedded: true, dataDir: copy.dataDir });
  const harness = await directMobilePushHarness(storage.store);
  return { ...harness, close: async () => void (await harness.close(), await storage.database.close(), await copy.remove()) };
});
