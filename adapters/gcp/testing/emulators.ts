import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The composite indexes the Datastore store's queries need (deploy it with `gcloud datastore indexes create`). */
export const DATASTORE_INDEX_FILE = fileURLToPath(new URL('../index.yaml', import.meta.url));

/** A running gcloud emulator: its `host:port` and how to stop it (with its java child). */
export interface RunningEmulator {
  host: string;
  stop(): Promise<void>;
}

/** Which gcloud emulator to start. */
export type EmulatorKind = 'datastore' | 'pubsub';

/** Options of `startEmulator`. */
export interface StartEmulatorOptions {
  /** How long to wait for the health endpoint. Default 120 s (the JVMs start slowly on 2 cores). */
  timeoutMs?: number;
  /**
   * Datastore only: an `index.yaml` the emulator must hold queries to (`--require_indexes`), so
   * that a query needing an index the file lacks fails as it would in production.
   */
  indexFile?: string;
}

/** A TCP port that is free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The gcloud SDK's `platform/` folder, where the emulator launchers live. */
export function gcloudPlatformDir(): string {
  const gcloud = execFileSync('sh', ['-c', 'command -v gcloud'], { encoding: 'utf8' }).trim();
  if (!gcloud) throw new Error('gcloud is not on PATH: install google-cloud-cli with its Datastore and Pub/Sub emulators');
  return join(dirname(realpathSync(gcloud)), '..', 'platform');
}

function launcher(kind: EmulatorKind, port: number, options: StartEmulatorOptions): { command: string; args: string[]; scratch?: string } {
  const platform = gcloudPlatformDir();
  if (kind === 'datastore') {
    // Strongly consistent (without 1.0 the emulator simulates eventual consistency), in memory.
    const command = join(platform, 'cloud-datastore-emulator', 'cloud_datastore_emulator');
    const args = ['start', '--host=127.0.0.1', `--port=${port}`, '--consistency=1.0', '--store_on_disk=false'];
    if (!options.indexFile) return { command, args: [...args, '--testing'] };
    const project = mkdtempSync(join(tmpdir(), 'kumo-datastore-'));
    return { command, args: [...args, '--require_indexes', `--index_file=${options.indexFile}`, project], scratch: project };
  }
  return { command: join(platform, 'pubsub-emulator', 'bin', 'cloud-pubsub-emulator'), args: ['--host=127.0.0.1', `--port=${port}`] };
}

/**
 * Starts a gcloud emulator on a free port in its own process group, waits until its health
 * endpoint (`GET /`) answers 200, and returns a handle that stops the whole group. Throws
 * (never skips) if the emulator is missing, exits, or does not answer within the timeout.
 */
export async function startEmulator(kind: EmulatorKind, options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const port = await freePort();
  const { command, args, scratch } = launcher(kind, port, options);
  if (!existsSync(command)) throw new Error(`the ${kind} emulator is not installed (${command} is missing)`);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const host = `127.0.0.1:${port}`;
  const emulator: RunningEmulator = {
    host,
    stop: async () => {
      await stopGroup(child);
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth(kind, host, child, options.timeoutMs ?? 120_000);
  } catch (error) {
    await emulator.stop();
    throw new Error(`${(error as Error).message}\n--- ${kind} emulator output ---\n${output}`);
  }
  return emulator;
}

async function waitForHealth(kind: EmulatorKind, host: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ${kind} emulator exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the ${kind} emulator did not answer on ${host} within ${timeoutMs} ms`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // The launcher script may exit before its java child: make sure the group is gone.
  signal('SIGKILL');
}

/** Both emulators the adapter needs, started together. */
export interface RunningEmulators {
  datastoreHost: string;
  pubsubHost: string;
  stop(): Promise<void>;
}

/** Starts the Datastore and Pub/Sub emulators in parallel; if either fails, stops the other and throws. */
export async function startEmulators(options: StartEmulatorOptions = {}): Promise<RunningEmulators> {
  const results = await Promise.allSettled([startEmulator('datastore', options), startEmulator('pubsub', { timeoutMs: options.timeoutMs })]);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => void (await Promise.all(started.map((emulator) => emulator.stop())));
  const [datastore, pubsub] = results;
  if (datastore.status === 'rejected' || pubsub.status === 'rejected') {
    await stop();
    throw results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0];
  }
  return { datastoreHost: datastore.value.host, pubsubHost: pubsub.value.host, stop };
}
