import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

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

function launcher(kind: EmulatorKind, port: number): { command: string; args: string[] } {
  const platform = gcloudPlatformDir();
  if (kind === 'datastore') {
    // --testing = --consistency=1.0 --store_on_disk=false: strongly consistent, in memory.
    const command = join(platform, 'cloud-datastore-emulator', 'cloud_datastore_emulator');
    return { command, args: ['start', '--testing', '--host=127.0.0.1', `--port=${port}`] };
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
  const { command, args } = launcher(kind, port);
  if (!existsSync(command)) throw new Error(`the ${kind} emulator is not installed (${command} is missing)`);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const host = `127.0.0.1:${port}`;
  const emulator: RunningEmulator = { host, stop: () => stopGroup(child) };
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
