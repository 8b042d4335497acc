import { KumoError, NotFound } from '../../ports/errors';

/** No stamina model has this id. */
export class StaminaNotFound extends NotFound {
  constructor(staminaId: string) {
    super(`no stamina model ${staminaId}`, { staminaId }, 'stamina_not_found');
  }
}

/** The player's stamina is below what the action costs. */
export class InsufficientStamina extends KumoError {
  constructor(details: { staminaId: string; value: number; requested: number; nextRecoverAt: number | null }) {
    super('conflict', 'insufficient_stamina', `not enough ${details.staminaId} stamina`, details);
  }
}

/** The stamina is already at its maximum; recovering would waste the item or currency. */
export class StaminaFull extends KumoError {
  constructor(details: { staminaId: string; value: number; max: number }) {
    super('conflict', 'stamina_full', `${details.staminaId} stamina is already full`, details);
  }
}

/** The model offers no recovery of this kind. */
export class RecoveryNotOffered extends KumoError {
  constructor(details: { staminaId: string; by: string }) {
    super('conflict', 'recovery_not_offered', `${details.staminaId} stamina cannot be recovered by ${details.by}`, details);
  }
}
