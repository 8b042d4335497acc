import { KumoError, NotFound } from '../ports/errors';
import type { Decision } from './evaluate';

/** The principal's policies do not allow the action on the resource (explicitly or implicitly). */
export class AccessDenied extends KumoError {
  constructor(action: string, resource: string, decision: Decision) {
    const why = decision.effect === 'explicit_deny' ? `explicitly denied by policy ${decision.policy}` : 'no policy allows it';
    super('forbidden', 'access_denied', `${action} on ${resource}: ${why}`, { action, resource, reason: decision.effect, ...(decision.policy ? { policy: decision.policy } : {}) });
  }
}

/** No stored policy has this name. */
export class PolicyNotFound extends NotFound {
  constructor(name: string) {
    super(`no policy ${name}`, { name }, 'policy_not_found');
  }
}

/** No API key has this id (never created, or revoked). */
export class ApiKeyNotFound extends NotFound {
  constructor(keyId: string) {
    super(`no API key ${keyId}`, { keyId }, 'api_key_not_found');
  }
}

/** No operator has this id. */
export class OperatorNotFound extends NotFound {
  constructor(operatorId: string) {
    super(`no operator ${operatorId}`, { operatorId }, 'operator_not_found');
  }
}

/** An operator with this id exists already. */
export class OperatorExists extends KumoError {
  constructor(operatorId: string) {
    super('conflict', 'operator_exists', `operator ${operatorId} exists already`, { operatorId });
  }
}

/** A principal already has the most policies it may have attached. */
export class TooManyPolicies extends KumoError {
  constructor(limit: number) {
    super('conflict', 'too_many_policies', `at most ${limit} policies may be attached to one user or key`, { limit });
  }
}
