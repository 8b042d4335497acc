import { spawn, type ChildProcess } from 'node:child_process';

/** A started emulator process and the line that said it was ready. */
export interface StartedProcess {
  child: ChildProcess;
  match: RegExpMatchArray;
  stop(): Promise<void>;
}

/**
 * Starts `node <script> ...args` (in `cwd`) and resolves when a line of its output matches `ready`.
 * Rejects (so the test run fails) if the process exits first or `timeoutMs` passes.
 */
export function startNodeProcess(name: string, script: string, args: string[], ready: RegExp, cwd?: string, timeoutMs = 30_000): Promise<StartedProcess> {
  const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs}ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, match, stop: () => stopProcess(child) });
    };
    const onExit = (code: number | null) => fail(`exited with code ${code}`);
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}
