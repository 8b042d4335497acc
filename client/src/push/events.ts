import type { components } from '../generated/openapi';

/** What `GET /v1/push/connection` answers: how this client connects for live push. */
export type PushConnection = components['schemas']['PushConnection'];

/** Any event the backend pushes: `type` names it, `data` carries it. */
export interface PushEvent {
  type: string;
  data: Record<string, unknown>;
}

/** The events Kumo's services push, by type, with their data. */
export type KumoPushEvents = {
  /** A gathering the player queued for is full: who plays together. */
  matched: { gatheringId: string; mode: string; members: string[] };
  /** A gathering the player was in was closed (by an operator, or it expired). */
  'gathering.closed': { gatheringId: string; reason?: string };
  /** A message posted in a chat room the player subscribes to (not sent to its author). */
  'chat.message': { id: string; roomId: string; userId: string; text: string; at: number; [field: string]: unknown };
  /** A new message in the player's inbox (read it with `GET /v1/inbox/{messageId}`). */
  'inbox.message': { messageId: string; title: string };
};

/** Why a live connection ended: a WebSocket close code and reason, or the error that cut it. */
export interface PushDisconnect {
  code?: number;
  reason?: string;
  error?: unknown;
}

/** Everything `client.push.on` can listen to: Kumo's events by type, plus the connection's own. */
export type PushClientEvents = KumoPushEvents & {
  /** Every event pushed by the backend, whatever its type. */
  event: PushEvent;
  /** The connection is open (again): events flow, presence is online. */
  connected: PushConnection;
  /** The connection was lost; the client reconnects with backoff unless `disconnect` was called. */
  disconnected: PushDisconnect;
  /** A connection attempt failed (the client tries again with backoff). */
  error: unknown;
};
