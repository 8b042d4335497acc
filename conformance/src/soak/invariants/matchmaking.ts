import { gatheringPartition, type Gathering } from '@kumo/core';
import type { Invariant, SoakContext } from '../types';

/** Every gathering any commit wrote (found through the partitions written, not through clients). */
async function allGatherings({ services, partitions }: SoakContext): Promise<Gathering[]> {
  const prefix = gatheringPartition('');
  const gatherings: Gathering[] = [];
  for (const partition of partitions.partitions(prefix)) {
    const gathering = await services.matchmaking.get(partition.slice(prefix.length)).catch(() => undefined);
    if (gathering) gatherings.push(gathering);
  }
  return gatherings;
}

/**
 * Every player who joined a mode is a member of exactly one open or matched gathering of it (the
 * one it was told about), no gathering holds a member twice or more than its capacity, a gathering
 * is matched exactly when full, and every member of a matched gathering got a `matched` push.
 */
export const matchmakingInvariant: Invariant = {
  async check(context) {
    const modes = new Set(context.world.modes.map(({ mode }) => mode));
    const gatherings = (await allGatherings(context)).filter((gathering) => modes.has(gathering.mode));
    const violations: string[] = [];
    const memberships = new Map<string, string[]>();
    const byId = new Map(gatherings.map((gathering) => [gathering.id, gathering]));
    const describe = (id: string) => {
      const gathering = byId.get(id);
      return gathering ? `${id} (${gathering.status}, ${gathering.members.length}/${gathering.capacity}${gathering.closedReason ? `, ${gathering.closedReason}` : ''})` : `${id} (not stored)`;
    };
    for (const gathering of gatherings) {
      const members = gathering.members.map((member) => member.userId);
      const where = `gathering ${gathering.id} (${gathering.mode}, ${gathering.status}, ${members.length}/${gathering.capacity})`;
      if (new Set(members).size !== members.length) violations.push(`${where}: holds a member twice`);
      if (members.length > gathering.capacity) violations.push(`${where}: over capacity`);
      if ((gathering.status === 'matched') !== (members.length === gathering.capacity)) violations.push(`${where}: matched ≠ full`);
      if (gathering.status === 'closed') continue;
      for (const userId of members) {
        const key = `${userId}/${gathering.mode}`;
        memberships.set(key, [...(memberships.get(key) ?? []), gathering.id]);
        if (gathering.status === 'matched' && context.deliveries.count(userId, 'matched', gathering.id) === 0) violations.push(`${where}: member ${userId} never got the matched push`);
      }
    }
    for (const { userId, mode, gatheringId } of context.ledger.joins) {
      const inside = memberships.get(`${userId}/${mode}`) ?? [];
      if (gatheringId !== null && (inside.length !== 1 || inside[0] !== gatheringId)) {
        violations.push(`player ${userId} joined ${mode} (told gathering ${describe(gatheringId)}) but is in ${inside.length} gathering(s): ${inside.join(', ') || 'none'}`);
      } else if (gatheringId === null && inside.length > 1) violations.push(`player ${userId} (join refused) is in ${inside.length} gatherings of ${mode}: ${inside.join(', ')}`);
    }
    return { name: 'matchmaking: every member in exactly one gathering, told when it is matched', checked: context.ledger.joins.length, violations };
  },
};
