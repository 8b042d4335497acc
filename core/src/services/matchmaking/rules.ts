import { InvalidRules } from './matchmaking-errors';
import { MAX_CAPACITY, type Candidate, type GatheringRules, type GatheringSpec, type Member } from './matchmaking-types';

/** Why `candidate` cannot take a seat in a gathering with these rules and members, or null if they can. */
export function unmetReason(rules: GatheringRules, members: readonly Member[], candidate: Candidate): string | null {
  for (const [name, range] of Object.entries(rules.conditions)) {
    const value = candidate.attributes[name];
    if (value === undefined) return `attribute ${name} is required`;
    if (value < range.min || value > range.max) return `${name} ${value} is outside ${range.min}..${range.max}`;
  }
  if (!rules.roles) return null;
  if (!candidate.role) return `a role is required (${Object.keys(rules.roles).join(', ')})`;
  const seats = rules.roles[candidate.role] ?? 0;
  if (seats === 0) return `there is no ${candidate.role} seat`;
  if (members.filter((member) => member.role === candidate.role).length >= seats) return `every ${candidate.role} seat is taken`;
  return null;
}

/** Checks rules a gathering is created with: role seats add up to the capacity, ranges are ordered, the creator fits. */
export function assertValidSpec(spec: GatheringSpec): GatheringRules {
  if (!Number.isInteger(spec.capacity) || spec.capacity < 2 || spec.capacity > MAX_CAPACITY) {
    throw new InvalidRules(`capacity is 2..${MAX_CAPACITY}`, { capacity: spec.capacity });
  }
  const conditions = spec.conditions ?? {};
  for (const [name, range] of Object.entries(conditions)) {
    if (range.min > range.max) throw new InvalidRules(`range of ${name} has min > max`, { attribute: name });
  }
  const roles = spec.roles ?? null;
  if (roles && Object.values(roles).reduce((sum, seats) => sum + seats, 0) !== spec.capacity) {
    throw new InvalidRules('role seats must add up to the capacity', { roles, capacity: spec.capacity });
  }
  const rules: GatheringRules = { mode: spec.mode, capacity: spec.capacity, conditions, roles };
  const reason = unmetReason(rules, [], spec);
  if (reason) throw new InvalidRules(`the creator does not meet the gathering's own rules: ${reason}`, { reason });
  return rules;
}
