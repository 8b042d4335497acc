import type { PushConnection, PushDisconnect, PushEvent } from './events';

/** What a live link reports to the push client. */
export interface LinkHandlers {
  /** An event arrived. */
  event(event: PushEvent): void;
  /** The link ended without `close` being called. */
  lost(why: PushDisconnect): void;
}

/** One open connection to the push backend. */
export interface PushLink {
  /** Leaves cleanly: presence goes offline, then the connection closes. */
  close(): Promise<void>;
}

/** Opens a link as `connection` says; resolves once events flow and presence is online. */
export type OpenLink = (connection: PushConnection, token: string, handlers: LinkHandlers) => Promise<PushLink>;

/** Parses a pushed payload; undefined for anything that is not a Kumo event. */
export function parseEvent(payload: string): PushEvent | undefined {
  try {
    const value = JSON.parse(payload) as Partial<PushEvent>;
    return typeof value?.type === 'string' && typeof value.data === 'object' && value.data !== null ? (value as PushEvent) : undefined;
  } catch {
    return undefined;
  }
}
