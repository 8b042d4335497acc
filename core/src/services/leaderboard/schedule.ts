import type { CronExpressionParser } from 'cron-parser';
import { InvalidSchedule } from './leaderboard-errors';

/** cron-parser (with luxon, about 100 KiB), loaded when a schedule is first evaluated rather than at cold start. */
let parser: Promise<typeof CronExpressionParser> | undefined;
const cronParser = () => (parser ??= import('cron-parser').then((module) => module.CronExpressionParser));

/** A board's reset schedule, as stored: a five-field cron expression in UTC (`0 0 * * *` daily at midnight, `0 0 * * 1` weekly on Monday, `0 0 1 *\/3 *` each quarter's season). */
export interface BoardSchedule {
  [field: string]: unknown;
  cron: string;
}

/** One period of a scheduled board: from `start` (included) to `end` (excluded), epoch ms. */
export interface Period {
  start: number;
  end: number;
}

/** Checks a cron expression (five fields, minute to weekday) and resolves to it; rejects with `InvalidSchedule` otherwise. */
export async function checkCron(cron: string): Promise<string> {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new InvalidSchedule(cron, 'five fields: minute hour day-of-month month day-of-week');
  const cronExpressions = await cronParser();
  try {
    cronExpressions.parse(cron, { tz: 'UTC', strict: false });
  } catch (error) {
    throw new InvalidSchedule(cron, (error as Error).message);
  }
  return fields.join(' ');
}

/**
 * The period of the schedule that holds `at` (`offset` 0), or the one `offset` periods before it
 * (-1: the previous period, whose ranking is final once its last build ran). Time is the Clock
 * port's, in UTC, so every instance cuts periods at the same instants.
 */
export async function periodAt(schedule: BoardSchedule, at: number, offset = 0): Promise<Period> {
  const cronExpressions = await cronParser();
  const after = cronExpressions.parse(schedule.cron, { tz: 'UTC', currentDate: new Date(at + 1) });
  let start = after.prev().getTime();
  const end = cronExpressions.parse(schedule.cron, { tz: 'UTC', currentDate: new Date(at) }).next().getTime();
  if (offset === 0) return { start, end };
  let periodEnd = start;
  const before = cronExpressions.parse(schedule.cron, { tz: 'UTC', currentDate: new Date(start) });
  for (let i = 0; i < -offset; i++) {
    periodEnd = start;
    start = before.prev().getTime();
  }
  return { start, end: periodEnd };
}

/** The stored board of one period of a scheduled board (a name no client can give: `@` is not allowed in board names). */
export const periodBoard = (board: string, period: Period | null) => (period ? `${board}@${period.start}` : board);
