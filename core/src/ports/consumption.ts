/**
 * What a backend bills for, counted call by call. Each adapter records the units its own cloud
 * bills in, as the backend reports them where it does:
 * - DynamoDB: `readCapacityUnits` / `writeCapacityUnits` from `ConsumedCapacity` (asked for with
 *   `ReturnConsumedCapacity: 'TOTAL'` on every call that accepts it);
 * - Cosmos DB: `requestUnits`, the `x-ms-request-charge` header of every response (failed ones too);
 * - Firestore in Datastore mode: `entityReads` (entities looked up, found or not; entities a query
 *   returned, at least 1 a query), `entityWrites` (upserts, inserts, updates) and `entityDeletes`;
 * - PostgreSQL and memory: `rowsRead` / `rowsWritten` (documents read, and documents put or deleted);
 * - queues: `requests` (API calls, one per started 64 KB of payload for a send) and `bytes`;
 * - push: `messages` and `bytes`.
 */
export type ConsumptionUnit =
  | 'readCapacityUnits'
  | 'writeCapacityUnits'
  | 'requestUnits'
  | 'entityReads'
  | 'entityWrites'
  | 'entityDeletes'
  | 'rowsRead'
  | 'rowsWritten'
  | 'requests'
  | 'bytes'
  | 'messages';

/** Which port a consumption belongs to. */
export type ConsumptionPort = 'store' | 'queue' | 'push';

/**
 * ConsumptionMeter port (optional): an adapter given one records what each backend call consumed,
 * right after the call answers (a failed call that the backend still charged is recorded too).
 * Recording never throws and never slows a call down (a sum in memory); an adapter without a meter
 * records nothing. `kumo bench` turns the totals into cost with a price table.
 */
export interface ConsumptionMeter {
  /** Adds `amount` (≥ 0, may be fractional: DynamoDB half units, Cosmos RU) of `unit` to `port`'s total. */
  record(port: ConsumptionPort, unit: ConsumptionUnit, amount: number): void;
}

/** A meter that sums what it is given, per port and unit. */
export class ConsumptionTotals implements ConsumptionMeter {
  /** Totals so far, `port → unit → amount`. */
  readonly totals: Partial<Record<ConsumptionPort, Partial<Record<ConsumptionUnit, number>>>> = {};

  /** Adds `amount` of `unit` to `port`'s total. */
  record(port: ConsumptionPort, unit: ConsumptionUnit, amount: number): void {
    if (!(amount > 0)) return;
    const units = (this.totals[port] ??= {});
    units[unit] = (units[unit] ?? 0) + amount;
  }

  /** The total of one unit of one port (0 if nothing was recorded). */
  get(port: ConsumptionPort, unit: ConsumptionUnit): number {
    return this.totals[port]?.[unit] ?? 0;
  }
}
