import { KumoError } from '../../ports/errors';

/** The slot does not hold enough currency for the withdrawal. */
export class InsufficientFunds extends KumoError {
  constructor(details: Record<string, unknown>) {
    super('conflict', 'insufficient_funds', 'the balance is too low for this withdrawal', details);
  }
}

/** The deposit would take a balance past `MAX_BALANCE`. */
export class BalanceLimit extends KumoError {
  constructor(details: Record<string, unknown>) {
    super('conflict', 'balance_limit', 'the balance would exceed its limit', details);
  }
}

/** An idempotency reference was reused with different parameters. */
export class ReferenceReused extends KumoError {
  constructor(reference: string) {
    super('conflict', 'reference_reused', `reference ${reference} was already used for a different request`, { reference });
  }
}

/** The paid balance is negative (a refund took back currency already spent): spending waits for a deposit. */
export class BalanceNegative extends KumoError {
  constructor(details: Record<string, unknown>) {
    super('conflict', 'balance_negative', 'the paid balance is negative after a refund; deposit to cover it before spending', details);
  }
}
