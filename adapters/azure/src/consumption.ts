import type { PluginConfig } from '@azure/cosmos';
import type { ConsumptionMeter } from '@kumo/core';

/** The header Cosmos DB answers every request with: what it charged, in request units. */
const REQUEST_CHARGE = 'x-ms-request-charge';

/** The charge a response or error carries, 0 if none. */
function chargeOf(headers: unknown): number {
  const value = Number((headers as Record<string, unknown> | undefined)?.[REQUEST_CHARGE]);
  return Number.isFinite(value) ? value : 0;
}

/**
 * A Cosmos client plugin (pass it in `CosmosClientOptions.plugins`) that records every network
 * request's `x-ms-request-charge` on `meter` as `requestUnits`: point reads, queries page by page,
 * transactional batches, and failed requests (a 412 precondition failure or a 409 is charged too),
 * retries included, as the account is billed.
 */
export function cosmosConsumptionPlugin(meter: ConsumptionMeter): PluginConfig {
  return {
    on: 'request',
    plugin: async (context, diagnostics, next) => {
      try {
        const response = await next(context);
        meter.record('store', 'requestUnits', chargeOf(response.headers));
        return response;
      } catch (error) {
        meter.record('store', 'requestUnits', chargeOf((error as { headers?: unknown }).headers));
        throw error;
      }
    },
  };
}
