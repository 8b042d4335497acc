import type { PushCapabilities } from './push';
import type { QueueCapabilities } from './queue';
import type { StoreCapabilities } from './store';

/**
 * What an adapter set can do, declared by each adapter package as `capabilities`.
 * The conformance suite tests what is declared and expects `Unsupported` for the rest.
 */
export interface Capabilities {
  store: StoreCapabilities;
  queue: QueueCapabilities;
  push: PushCapabilities;
}
