import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second, in which /proc reports CPU time. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Parent pid and CPU ticks (user + system) of a process, from /proc/<pid>/stat; undefined if it is gone. */
function statOf(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time in ms used so far by the live descendants of this process: the emulators the bench
 * started (DynamoDB Local's JVM, the Datastore emulator under gcloud, cosmosdb-server). On a
 * machine whose cores are all busy, throughput follows the CPU a deposit costs on both sides of
 * the wire, so the bench reports it beside the client's. Linux only (reads /proc); 0 elsewhere.
 */
export function backendCpuMs(): number {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return 0;
  }
  const stats = new Map(pids.flatMap((pid) => {
    const stat = statOf(pid);
    return stat ? [[pid, stat] as const] : [];
  }));
  const isDescendant = (pid: number): boolean => {
    for (let parent = stats.get(pid)?.ppid; parent !== undefined && parent > 1; parent = stats.get(parent)?.ppid) if (parent === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (isDescendant(pid)) ticks += stat.ticks;
  return (ticks * 1000) / TICKS_PER_SECOND;
}
