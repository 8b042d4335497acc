/**
 * `npm run bench -- hot-path`: Kumo side by side with bare Hono baselines it builds itself, with the ratio.
 * - cold starts (`cold-starts.ts`): process start → first response of a 401 route for each cloud
 *   entry's minified bundle vs a bare Hono app served the same way (median of COLD_RUNS fresh
 *   processes taking turns: wall and CPU time, code loaded at start, bundle size, peak RSS):
 *   Lambda (the `http` handler answering an API Gateway v2 event; bare: hono/aws-lambda), Cloud
 *   Functions (the first HTTP response of the Functions Framework's server; bare: @hono/node-server's
 *   listener) and Azure Functions (no Functions host here: the registered HTTP function answering
 *   one @azure/functions `HttpRequest`; bare: the same Functions ↔ Fetch conversion);
 * - throughput: authenticated balance reads on the local server (memory store) with CONNECTIONS
 *   connections vs a bare @hono/node-server JSON route, loaded in turns (autocannon; medians of
 *   LOAD_ROUNDS rounds; server CPU per request; peak RSS of each server); BENCH_ONLY=cold skips it.
 */
import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { coldStartRows, median } from './cold-starts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
const rows: Array<Record<string, string | number>> = [];

/** Adds a row comparing Kumo with its baseline. */
function compare(measure: string, kumo: number, baseline: number, unit: string) {
  rows.push({ measure, kumo: `${kumo} ${unit}`, baseline: `${baseline} ${unit}`, 'Kumo / baseline': Math.round((kumo / baseline) * 100) / 100 });
}

/** Starts a server script under tsx on `port`, resolves once it prints its first line. */
async function startServer(script: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout.once('data', () => resolve());
  });
  child.stdout.resume();
  return {
    /** Peak resident memory so far (MiB, Linux /proc). */
    peakRssMiB: async () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024),
    /** CPU time used so far, user and system (ms, Linux /proc; clock ticks of 10 ms). */
    cpuMs: async () => {
      const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Requests per second and p99 latency of GET `url` with CONNECTIONS connections for `seconds` seconds. */
async function load(url: string, headers: Record<string, string>, seconds = SECONDS) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p99: result.latency.p99, requests: result.requests.total };
}

/**
 * Kumo's authenticated balance read and the bare route, both servers up, loaded in turns for
 * LOAD_ROUNDS rounds after a 1 s warm-up each (so load from elsewhere on the machine hits both
 * alike); the medians of the rounds.
 */
async function throughput() {
  const kumoPort = 18_931;
  const barePort = 18_932;
  const kumo = await startServer('apps/server/src/main.ts', kumoPort, { KUMO_STORE: 'memory', KUMO_ADMIN_KEY: 'bench-admin-key-0123456789abcdef', KUMO_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef' });
  const bare = await startServer(join(here, 'baselines/bare-node-server.ts'), barePort).catch(async (error: unknown) => {
    await kumo.stop();
    throw error;
  });
  try {
    const base = `http://127.0.0.1:${kumoPort}`;
    const account = await (await fetch(`${base}/v1/accounts`, { method: 'POST' })).json();
    const { token } = (await (await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) })).json()) as { token: string };
    const servers = [
      { url: `${base}/v1/wallet/ios`, headers: { authorization: `Bearer ${token}` } as Record<string, string>, server: kumo },
      { url: `http://127.0.0.1:${barePort}/v1/wallet/ios`, headers: {}, server: bare },
    ];
    for (const { url, headers } of servers) await load(url, headers, 1);
    type Round = { rps: number; p99: number; cpuMicros: number };
    const rounds = servers.map(() => [] as Round[]);
    for (let round = 0; round < LOAD_ROUNDS; round++) {
      for (const [i, { url, headers, server }] of servers.entries()) {
        const cpuBefore = await server.cpuMs();
        const { rps, p99, requests } = await load(url, headers);
        rounds[i]!.push({ rps, p99, cpuMicros: Math.round((((await server.cpuMs()) - cpuBefore) * 1000) / requests) });
      }
    }
    const [kumoRounds, bareRounds] = rounds as [Round[], Round[]];
    const medianOf = (each: Round[], field: keyof Round) => median(each.map((r) => r[field]));
    compare(`authenticated balance read, ${CONNECTIONS} connections (median of ${LOAD_ROUNDS})`, medianOf(kumoRounds, 'rps'), medianOf(bareRounds, 'rps'), 'req/s');
    compare('  p99 latency', medianOf(kumoRounds, 'p99'), medianOf(bareRounds, 'p99'), 'ms');
    // Server CPU per request holds up better than req/s on a machine shared with other work.
    const [kumoCpu, bareCpu] = [medianOf(kumoRounds, 'cpuMicros'), medianOf(bareRounds, 'cpuMicros')];
    compare('  server CPU per request', kumoCpu, bareCpu, 'µs');
    compare('  throughput at equal CPU (bare CPU / Kumo CPU per request)', Math.round((bareCpu / kumoCpu) * 100) / 100, 1, '×');
    compare('  server peak RSS', await kumo.peakRssMiB(), await bare.peakRssMiB(), 'MiB');
  } finally {
    await Promise.all([kumo.stop(), bare.stop()]);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'kumo-bench-'));
try {
  await coldStartRows(dir, compare);
  if (process.env.BENCH_ONLY !== 'cold') await throughput();
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.table(rows);
console.log(`node ${process.version}, ${SECONDS} s per load run`);
