/** One operator alert: a burst of server errors, grouped. */
export interface Alert {
  /** `server_errors`: 5xx answers. */
  kind: 'server_errors';
  /** One line saying what happened, e.g. `12 server errors in 60 s`. */
  title: string;
  /** How many events the alert groups. */
  count: number;
  /** Counts per group (route or action, and status), largest first. */
  groups: Array<{ name: string; count: number }>;
  /** Request ids of a few of the events, to find their log records. */
  samples: string[];
  /** When the grouped window started and ended (epoch ms). */
  from: number;
  to: number;
}

/**
 * Alert channel port: where operator alerts go (a Slack incoming webhook, …). Core's
 * `ErrorAlerts` groups and rate-limits; a channel only delivers. `send` resolves once the
 * channel accepted the alert and throws if it did not; it never includes secrets or log bodies.
 */
export interface AlertChannel {
  send(alert: Alert): Promise<void>;
}
