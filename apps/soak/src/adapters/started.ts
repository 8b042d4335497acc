import type { QueueSettings } from '@kumo/core';
import type { SoakAdapter } from '@kumo/conformance/soak';

/** An adapter set ready for a soak, on backends started for it, and how to stop them. */
export interface StartedAdapter {
  adapter: SoakAdapter;
  stop(): Promise<void>;
}

/** Starts an adapter's backends (emulators) and makes its ports with these queue settings. */
export type AdapterStarter = (queue: QueueSettings) => Promise<StartedAdapter>;
