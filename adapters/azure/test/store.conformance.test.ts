import { describeStore } from '@kumo/conformance';
import { CosmosStore } from '../src/index';
import { freshContainer } from '../src/testing/index';

describeStore('azure cosmos (cosmosdb-server)', async (clock) => new CosmosStore(await freshContainer(), clock), (report) => {
  console.log(`[azure cosmos contention] writers=${report.writers} conflicts=${report.conflicts} final=${report.finalValue}`);
});
