import cliProgress from 'cli-progress';
import type { ProgressEvent } from './migrate';

/** A progress display on stderr: a live line when stderr is a terminal, nothing otherwise. */
export interface Progress {
  migrate(event: ProgressEvent): void;
  documents(label: string, documents: number): void;
  stop(): void;
}

/** The display for this process: live on a TTY (unless `quiet`), silent when piped or in CI logs. */
export function createProgress(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet || !stream.isTTY) return { migrate: () => {}, documents: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: '{phase} |{bar}| {value}/{total} partitions | {documents} documents | {rate} docs/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  const show = (phase: string, value: number, total: number, documents: number) => {
    const rate = Math.round((documents * 1000) / Math.max(1, Date.now() - started));
    if (!running) bar.start(total, value, { phase, documents, rate });
    running = true;
    bar.setTotal(Math.max(total, value));
    bar.update(value, { phase, documents, rate });
  };
  return {
    migrate(event) {
      if (event.phase === 'copy') show('copy', event.partitions, event.partitions, event.documents);
      else show(`pass ${event.pass} (${event.differing} differing)`, event.partitions, event.of, event.documents);
    },
    documents(label, documents) {
      show(label, documents, documents, documents);
    },
    stop() {
      if (running) bar.stop();
    },
  };
}
