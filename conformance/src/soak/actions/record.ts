import type { Outcome } from '../client';
import type { SoakLedger } from '../ledger';

/**
 * Hands an accepted call's value to `accepted`; counts a refusal by code. An unresolved call
 * (no answer even after faults stopped) is counted as `unresolved` and recorded nowhere.
 */
export function settle<T>(ledger: SoakLedger, outcome: Outcome<T>, accepted: (value: T) => void): void {
  if (outcome.status === 'ok') accepted(outcome.value);
  else ledger.refused(outcome.status === 'refused' ? outcome.error.code : 'unresolved');
}
