import { Presets, SingleBar } from 'cli-progress';

/** Shows a soak's progress: a bar on a terminal, a line every 10% otherwise (CI logs). */
export interface Progress {
  update(done: number, total: number, phase: string): void;
  stop(): void;
}

/** A progress display for stderr. */
export function progressDisplay(): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} actions | {phase} | {duration_formatted}' }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total, phase) {
        if (!started) bar.start(total, 0, { phase });
        started = true;
        bar.update(done, { phase });
      },
      stop: () => bar.stop(),
    };
  }
  let shown = -1;
  let lastPhase = '';
  return {
    update(done, total, phase) {
      const tenth = Math.floor((done * 10) / total);
      if (tenth === shown && phase === lastPhase) return;
      shown = tenth;
      lastPhase = phase;
      process.stderr.write(`soak: ${done}/${total} actions, ${phase}\n`);
    },
    stop: () => {},
  };
}
