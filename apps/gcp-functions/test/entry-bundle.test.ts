import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, coldStartOutputs } from '../../../scripts/bundle-options.mjs';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
/** What `bundle.ts` leaves external (Cloud Build installs it). */
const EXTERNAL = ['@google-cloud/datastore', '@google-cloud/pubsub', '@google-cloud/functions-framework', 'google-auth-library', 'mqtt'];
/** The clients and senders of the adapter set: loaded on the first backend call, never at cold start. */
const BUNDLED_LATER = ['@parse/node-apn', 'node-forge', 'jsonwebtoken'];

describe('the deployed entry (dist/main.mjs)', () => {
  it('loads no Google client and no mobile push sender at cold start: they wait for the first backend call', async () => {
    const outdir = fileURLToPath(new URL('../dist-test', import.meta.url));
    const { metafile } = await build({ ...bundleOptions({ entry, outdir }), external: EXTERNAL.map((name) => `${name}*`), metafile: true, write: false, logLevel: 'error' });
    const outputs = metafile.outputs;
    const atStart = coldStartOutputs(metafile);
    const startInputs = atStart.flatMap((name) => Object.keys(outputs[name]!.inputs));
    const startImports = atStart.flatMap((name) => outputs[name]!.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path));
    expect(startImports.filter((path) => EXTERNAL.some((name) => name !== '@google-cloud/functions-framework' && path.startsWith(name)))).toEqual([]);
    for (const name of BUNDLED_LATER) expect(startInputs.filter((input) => input.includes(`node_modules/${name}/`)), `${name} at cold start`).toEqual([]);
  }, 60_000);
});
