import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, coldStartOutputs } from '../../../scripts/bundle-options.mjs';

const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/** The Azure SDK clients of the adapter set: loaded on the first backend call, never at cold start. */
const ADAPTER_SDKS = ['@azure/cosmos', '@azure/storage-queue', '@azure/web-pubsub', '@azure/monitor-ingestion', '@azure/identity'];

describe('the deployed entry (dist/main.mjs)', () => {
  it('parses no Azure SDK client at cold start: they wait in chunks imported on first use', async () => {
    const { metafile } = await build({ ...bundleOptions({ entry, outdir: fileURLToPath(new URL('../dist-test', import.meta.url)) }), external: ['@azure/functions-core'], metafile: true, write: false, logLevel: 'error' });
    const outputs = metafile.outputs;
    const startInputs = coldStartOutputs(metafile).flatMap((name) => Object.keys(outputs[name]!.inputs));
    const everyInput = Object.values(outputs).flatMap((output) => Object.keys(output.inputs));
    for (const sdk of ADAPTER_SDKS) {
      expect(everyInput.some((input) => input.includes(`node_modules/${sdk}/`)), `${sdk} is in the bundle`).toBe(true);
      expect(startInputs.filter((input) => input.includes(`node_modules/${sdk}/`)), `${sdk} at cold start`).toEqual([]);
    }
  }, 60_000);
});
