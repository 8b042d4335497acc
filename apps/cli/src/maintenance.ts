import { MAINTENANCE_CHECK_MS, MAINTENANCE_KEY, MAINTENANCE_PARTITION, type MaintenanceMode, type Store } from '@kumo/core';

/** The maintenance switch of a backend as `kumo maintenance status` reports it. */
export interface MaintenanceState {
  on: boolean;
  reason?: string;
  retryAfterSeconds?: number;
}

/** Reads the switch (see core's `maintenanceMode`). */
export async function maintenanceState(store: Store): Promise<MaintenanceState> {
  const doc = await store.get<MaintenanceMode & Record<string, unknown>>(MAINTENANCE_PARTITION, MAINTENANCE_KEY);
  return doc ? { on: true, reason: doc.value.reason, retryAfterSeconds: doc.value.retryAfterSeconds } : { on: false };
}

/**
 * Turns the switch on (or updates its reason and `Retry-After`): every instance of the game on
 * this backend answers writes with 503 within `MAINTENANCE_CHECK_MS`; reads keep working.
 */
export async function enterMaintenance(store: Store, mode: MaintenanceMode): Promise<void> {
  const current = await store.get(MAINTENANCE_PARTITION, MAINTENANCE_KEY);
  await store.commit([{ type: 'put', partition: MAINTENANCE_PARTITION, key: MAINTENANCE_KEY, version: current?.version ?? null, value: { ...mode } }]);
}

/** Turns the switch off (nothing to do if it is off): writes are taken again within `MAINTENANCE_CHECK_MS`. */
export async function leaveMaintenance(store: Store): Promise<void> {
  const current = await store.get(MAINTENANCE_PARTITION, MAINTENANCE_KEY);
  if (current) await store.commit([{ type: 'delete', partition: MAINTENANCE_PARTITION, key: MAINTENANCE_KEY, version: current.version }]);
}

/** Waits until every instance has looked at the switch since it changed. */
export const untilEveryInstanceSaw = () => new Promise((resolve) => setTimeout(resolve, MAINTENANCE_CHECK_MS + 1_000));
