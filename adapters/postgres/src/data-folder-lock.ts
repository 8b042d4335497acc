import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'kumo.pid';

/**
 * Claims the embedded engine's data folder for this process: PGlite has no postmaster to refuse a
 * second process, and two writing one folder would corrupt it. Writes this process id to
 * `kumo.pid` in the folder; a file left by a process that is no longer running is taken over.
 * Throws if a live process holds the folder. Returns the function that releases it.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  for (;;) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new Error(`the data folder ${dataDir} is in use by process ${holder}; stop it or set KUMO_DATA_DIR to another folder`);
      }
      await rm(path, { force: true });
    }
  }
}

/** Whether a process with this id exists. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
