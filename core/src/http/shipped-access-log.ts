import type { AlertChannel } from '../ports/alerts';
import type { LogSink } from '../ports/log-sink';
import type { AccessLogSink } from './access-log';
import { ErrorAlerts, type ErrorAlertOptions } from './error-alerts';
import { LogShipper, type LogShipperOptions } from './log-shipper';

/** A deployment's access log: records shipped to its sink, server errors alerted. */
export interface ShippedAccessLog {
  /** Give to `createApp` as `accessLog`. */
  accessLog: AccessLogSink;
  /** Ships buffered records and sends a due alert; serverless entries await it before returning. Never throws. */
  flush(): Promise<void>;
  /** The shipper, for its counts (`stats()`) and `start`/`close` on long-running servers. */
  shipper: LogShipper;
}

/** Options of `shipAccessLog`. */
export interface ShipAccessLogOptions {
  /** Where grouped 5xx alerts go; none: no alerts. */
  alerts?: AlertChannel;
  shipping?: LogShipperOptions;
  alerting?: ErrorAlertOptions;
}

/** Sends every access-log record to `sink` through a `LogShipper`, and 5xx answers to `ErrorAlerts` when a channel is given. */
export function shipAccessLog(sink: LogSink, options: ShipAccessLogOptions = {}): ShippedAccessLog {
  const shipper = new LogShipper(sink, options.shipping);
  const alerts = options.alerts && new ErrorAlerts(options.alerts, options.alerting);
  return {
    accessLog: (entry) => {
      shipper.write(entry);
      alerts?.observe(entry);
    },
    flush: async () => void (await Promise.all([shipper.flush(), alerts?.flush()])),
    shipper,
  };
}
