import type { StaminaModel, StaminaState, StaminaView } from './stamina-types';

/**
 * The stamina value at `now`, from the stored state and the model. A player never seen starts
 * full. Below `max`, every whole `recoverIntervalSeconds` since `updatedAt` adds `recoverAmount`
 * (capped at `max`); `updatedAt` moves forward by whole intervals only, so progress towards the
 * next point is kept. At or above `max` nothing regenerates and the clock restarts from `now`,
 * so a player who spends from full waits one whole interval for the first point.
 */
export function regenerate(model: StaminaModel, state: StaminaState | undefined, now: number): StaminaState {
  if (!state || state.value >= model.max) return { value: state?.value ?? model.max, updatedAt: now };
  const interval = model.recoverIntervalSeconds * 1000;
  const ticks = Math.floor(Math.max(0, now - state.updatedAt) / interval);
  const value = Math.min(model.max, state.value + ticks * model.recoverAmount);
  return value >= model.max ? { value, updatedAt: now } : { value, updatedAt: state.updatedAt + ticks * interval };
}

/** What a client sees of a state computed by `regenerate`. */
export function toView(model: StaminaModel, state: StaminaState): StaminaView {
  const interval = model.recoverIntervalSeconds * 1000;
  const missing = model.max - state.value;
  const full = missing <= 0;
  return {
    staminaId: model.staminaId,
    value: state.value,
    max: model.max,
    recoverIntervalSeconds: model.recoverIntervalSeconds,
    recoverAmount: model.recoverAmount,
    nextRecoverAt: full ? null : state.updatedAt + interval,
    fullAt: full ? null : state.updatedAt + Math.ceil(missing / model.recoverAmount) * interval,
  };
}
