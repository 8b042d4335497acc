import { describeStore } from '@kumo/conformance';
import { CosmosStore } from '../src/index';
import { testContainer } from '../testing/vitest';

describeStore('azure cosmos (cosmosdb-server)', async (clock) => new CosmosStore(await testContainer(), clock), (report) => {
  console.log(`[azure cosmos contention] writers=${report.writers} conflicts=${report.conflicts} final=${report.finalValue}`);
});
