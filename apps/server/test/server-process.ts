import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** `npm start` running as a child process. */
export interface ServerProcess {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Sends SIGTERM and waits for it to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `src/main.ts` (what `npm start` runs) in its own process with `env` added to this one's,
 * on a free port, and resolves once its banner says where it listens and where data lives; rejects if it
 * exits first.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', CI: process.env.CI ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((ready, fail) => {
    const read = (chunk: Buffer) => {
      output += String(chunk);
      const found = /listening on (http:\/\/\S+)\n[\s\S]*Data lives in .*\n/.exec(output);
      if (found) ready(found[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => fail(new Error(`the server exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
