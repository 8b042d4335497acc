/**
 * The cold starts of the hot-path bench: each cloud entry's minified bundle beside a bare Hono app
 * served the same way, fresh processes taking turns (see `coldStartRows`).
 */
import { execFile } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { bundleOptions, coldStartOutputs } from '../../../scripts/bundle-options.mjs';

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
const run = promisify(execFile);

/** Adds a row comparing Kumo with its baseline (value, baseline value, unit). */
export type Compare = (measure: string, kumo: number, baseline: number, unit: string) => void;

/** The median of some numbers. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A bundle of the bench: its entry file, the KiB a cold start loads before its first import(), the KiB of everything. */
type Bundle = { file: string; kib: number; totalKib: number };

/**
 * Bundles an entry with the options the cloud entries ship with (`scripts/bundle-options.mjs`: ESM,
 * minified, split: what is imported on demand goes to chunks loaded on first use) into `outdir`,
 * leaving `external` out as the entry's deployment does, plus any `entries` the bench child needs.
 */
async function bundle(entry: string, outdir: string, { external = [], entries = {} }: { external?: string[]; entries?: Record<string, string> } = {}): Promise<Bundle> {
  const { metafile } = await build({ ...bundleOptions({ entry, outdir, target: 'node20' }), entryPoints: { main: entry, ...entries }, external, metafile: true, logLevel: 'error' });
  const outputs = metafile!.outputs;
  const kib = (names: Iterable<string>) => Math.round([...names].reduce((sum, name) => sum + outputs[name]!.bytes, 0) / 1024);
  return { file: join(outdir, 'main.mjs'), kib: kib(coldStartOutputs(metafile!)), totalKib: kib(Object.keys(outputs)) };
}

/** Figures of one bundle's cold starts. */
type ColdStart = { ms: number; cpuMs: number; rssMiB: number; status: number };
type ColdRun = { ms: number; cpuMs: number; status: number; maxRssKiB: number };

/** One fresh process (`child`, a script in this folder) loading the bundle and answering one GET `path`: ms since process start, CPU ms, status, peak RSS. */
async function coldRun(child: string, file: string, path: string, env: Record<string, string>): Promise<ColdRun> {
  const { stdout } = await run(process.execPath, [join(here, child), file, path], { env: { ...process.env, ...env } });
  return JSON.parse(stdout.split('\n').find((line) => line.includes('"maxRssKiB"'))!);
}

/** Median cold start (ms, CPU ms) and peak RSS (MiB) of each bundle over COLD_RUNS rounds, the bundles taking turns (so load on the machine hits both alike). */
async function coldStarts(child: string, path: string, bundles: Array<{ file: string; env: Record<string, string> }>) {
  const runs = bundles.map(() => [] as ColdRun[]);
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [b, { file, env }] of bundles.entries()) runs[b]!.push(await coldRun(child, file, path, env));
  }
  return runs.map((each): ColdStart => {
    const middle = [...each].sort((a, b) => a.ms - b.ms)[Math.floor(each.length / 2)]!;
    return { ms: Math.round(middle.ms), cpuMs: Math.round(median(each.map((r) => r.cpuMs))), rssMiB: Math.round(Math.max(...each.map((r) => r.maxRssKiB)) / 1024), status: middle.status };
  });
}

/** One cloud entry beside its baseline: how to bundle each and which child runs them. */
interface Entry {
  cloud: string;
  child: string;
  kumo: string;
  bare: string;
  env: Record<string, string>;
  external?: string[];
  entries?: Record<string, string>;
}

/** Bundles both, times their cold starts to a 401 of GET /v1/wallet/ios and adds the rows. */
async function sideBySide(dir: string, compare: Compare, { cloud, child, kumo, bare, env, external, entries }: Entry) {
  const slug = cloud.toLowerCase().replace(/\W+/g, '-');
  const kumoBundle = await bundle(kumo, join(dir, `kumo-${slug}`), { external, entries });
  const bareBundle = await bundle(bare, join(dir, `bare-${slug}`), { external, entries });
  const [kumoRun, bareRun] = (await coldStarts(child, '/v1/wallet/ios', [{ file: kumoBundle.file, env }, { file: bareBundle.file, env: {} }])) as [ColdStart, ColdStart];
  if (kumoRun.status !== 401 || bareRun.status !== 401) throw new Error(`${cloud} cold start answered ${kumoRun.status} / ${bareRun.status}, not 401`);
  compare(`${cloud} cold start → first 401 (median of ${COLD_RUNS})`, kumoRun.ms, bareRun.ms, 'ms');
  // CPU time to the first response holds up better than wall time on a machine shared with other work.
  compare('  CPU time to the first response (median)', kumoRun.cpuMs, bareRun.cpuMs, 'ms');
  compare(`${cloud} code loaded at start (minified)`, kumoBundle.kib, bareBundle.kib, 'KiB');
  compare(`${cloud} bundle with on-demand chunks`, kumoBundle.totalKib, bareBundle.totalKib, 'KiB');
  compare(`${cloud} peak RSS`, kumoRun.rssMiB, bareRun.rssMiB, 'MiB');
}

const secrets = { KUMO_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef', KUMO_ADMIN_KEY: 'bench-admin-key-0123456789abcdef' };

/**
 * Adds the cold-start rows of each cloud entry, bundled into `dir`:
 * - Lambda: process start → the bundle's `http` handler answering one API Gateway v2 event, vs bare
 *   Hono + hono/aws-lambda;
 * - Cloud Functions: process start → the first HTTP response from the Functions Framework's Express
 *   server serving the bundle's `api` function (the framework, Google's clients and mqtt stay
 *   external as in `apps/gcp-functions/bundle.ts`), vs bare Hono through @hono/node-server;
 * - Azure Functions: no Functions host runs here, so process start → the registered HTTP function
 *   answering one `HttpRequest` of @azure/functions, the child standing in for the worker, vs bare
 *   Hono through the same Functions ↔ Fetch conversion (`apps/azure-functions/src/http.ts`).
 */
export async function coldStartRows(dir: string, compare: Compare) {
  // The Cloud Functions bundles import their external packages from the repository's node_modules.
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  await sideBySide(dir, compare, {
    cloud: 'Lambda',
    child: 'cold-start-child.mjs',
    kumo: join(root, 'apps/aws-lambda/src/main.ts'),
    bare: join(here, 'baselines/bare-lambda.ts'),
    env: { ...secrets, KUMO_TABLE: 'bench', KUMO_PUSH: process.env.BENCH_PUSH ?? 'iot-data', KUMO_IOT_ENDPOINT: 'iot.bench.example', KUMO_MQTT_URL: 'mqtt://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' },
  });
  await sideBySide(dir, compare, {
    cloud: 'Cloud Functions',
    child: 'cold-start-gcp-child.mjs',
    kumo: join(root, 'apps/gcp-functions/src/index.ts'),
    bare: join(here, 'baselines/bare-gcp-functions.ts'),
    env: { ...secrets, KUMO_PROJECT_ID: 'bench', KUMO_MQTT_URL: 'mqtt://127.0.0.1:1' },
    external: ['@google-cloud/datastore', '@google-cloud/pubsub', '@google-cloud/functions-framework', 'google-auth-library', 'mqtt'].map((name) => `${name}*`),
  });
  await sideBySide(dir, compare, {
    cloud: 'Azure Functions',
    child: 'cold-start-azure-child.mjs',
    kumo: join(root, 'apps/azure-functions/src/main.ts'),
    bare: join(here, 'baselines/bare-azure-functions.ts'),
    env: {
      ...secrets,
      KUMO_COSMOS_ENDPOINT: 'https://127.0.0.1:1/',
      KUMO_COSMOS_KEY: 'YmVuY2gta2V5',
      KUMO_STORAGE: 'UseDevelopmentStorage=true',
      KUMO_WEB_PUBSUB: 'Endpoint=http://127.0.0.1:1;AccessKey=YmVuY2gta2V5;Version=1.0;',
    },
    external: ['@azure/functions-core'],
    entries: { 'azure-functions': join(here, 'baselines/azure-functions-classes.ts') },
  });
}
