import type { Invariant } from '../types';

/**
 * For each board, after a fresh ranking build: one entry per player with an accepted submission,
 * holding the best accepted score, and the build's submission count = accepted submissions.
 */
export const leaderboardInvariant: Invariant = {
  async check({ services, world, ledger }) {
    const violations: string[] = [];
    for (const board of world.boards) {
      const accepted = ledger.scores.filter((score) => score.board === board);
      const best = new Map<string, number>();
      for (const { userId, score } of accepted) best.set(userId, Math.max(score, best.get(userId) ?? -1));
      await services.leaderboard.aggregate(board);
      const info = await services.leaderboard.info(board);
      if (info.entries !== best.size) violations.push(`board ${board}: ${info.entries} entries, but ${best.size} players had a submission accepted`);
      if (info.submissions !== accepted.length) violations.push(`board ${board}: ${info.submissions} submissions counted, but ${accepted.length} were accepted`);
      const { entries } = await services.leaderboard.top(board, world.players.length + 1);
      for (const entry of entries) {
        const want = best.get(entry.userId);
        if (want === undefined) violations.push(`board ${board}: player ${entry.userId} is ranked without an accepted submission`);
        else if (entry.score !== want) violations.push(`board ${board}: player ${entry.userId} ranked with ${entry.score}, best accepted is ${want}`);
      }
    }
    return { name: 'leaderboard: entries = accepted submissions', checked: world.boards.length, violations };
  },
};
