import { parseArgs } from 'node:util';
import { ADAPTERS } from './adapters/index';

/** What `npm run soak -- ...` asked for. */
export interface CliOptions {
  adapter: string;
  ops: number;
  seed: number;
  faultRate: number;
  concurrency: number;
  players: number;
  /** How long, at most, the queues are drained after the last action before invariants are checked. */
  drainSeconds: number;
}

/** Usage, printed on `--help` and on a bad option. */
export const USAGE = `usage: npm run soak -- [--adapter ${Object.keys(ADAPTERS).join('|')}] [--ops 10000] [--seed N] [--fault-rate 0.05] [--concurrency 16] [--players 100] [--drain-seconds 120]`;

/** A bad command line; the message says which option and why. */
export class UsageError extends Error {}

function integer(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, not ${text}`);
  return value;
}

/** Parses the command line (node:util parseArgs); throws `UsageError` on anything it does not accept. */
export function parseOptions(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      adapter: { type: 'string', default: 'memory' },
      ops: { type: 'string', default: '10000' },
      seed: { type: 'string' },
      'fault-rate': { type: 'string', default: '0.05' },
      concurrency: { type: 'string', default: '16' },
      players: { type: 'string', default: '100' },
      'drain-seconds': { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (!(values.adapter in ADAPTERS)) throw new UsageError(`--adapter must be one of ${Object.keys(ADAPTERS).join(', ')}, not ${values.adapter}`);
  const faultRate = Number(values['fault-rate']);
  if (!(faultRate >= 0 && faultRate <= 1)) throw new UsageError(`--fault-rate must be between 0 and 1, not ${values['fault-rate']}`);
  return {
    adapter: values.adapter,
    ops: integer('ops', values.ops, 1),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer('seed', values.seed, 0),
    faultRate,
    concurrency: integer('concurrency', values.concurrency, 1),
    players: integer('players', values.players, 2),
    drainSeconds: integer('drain-seconds', values['drain-seconds'], 1),
  };
}
