import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadPrices } from './pricing';
import { benchReport, formatReport } from './report';
import { htmlReport } from './report-html';
import { runBench } from './run';
import { loadWorkloads } from './workloads';

const positive = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
};

/** `kumo bench`: a workload on one or more backends, measured and priced. */
export function benchCommand(kumo: Command): void {
  kumo
    .command('bench')
    .summary('run a game-action workload on backends: ops/s, latency, conflicts and $ per million player actions')
    .description(
      'Sets up a game world through the services on each backend, then runs a workload (a mix of game actions, players drawn zipfian, one hot event board) ' +
        'closed-loop (--concurrency) or at a fixed rate (--rate; latency from each action\'s intended start), for --ops actions or --duration seconds. ' +
        'Reports per action and overall: ops/s, p50/p95/p99 latency, conflicts, throttles, errors; and what the cloud bills, counted on every store call ' +
        '(DynamoDB capacity units, Cosmos RU, Datastore entity operations; rows on PostgreSQL), queue requests and push messages, priced with a versioned table ' +
        'into $ per million player actions (store, queue, push, compute). Every figure says where it was measured: emulator latency is not cloud latency.',
    )
    .requiredOption('--backend <address...>', "backends to run on (see kumo --help; 'memory' for the in-process one, 'embedded' for PGlite in memory); repeat or list several")
    .option('--workload <name>', 'workload from the workloads file', 'casual')
    .option('--workloads <file>', 'a workloads JSON file of your own (default: the one shipped, apps/cli/src/bench/workloads.json)')
    .option('--prices <file>', 'a price table of your own (default: apps/cli/src/bench/prices.json)')
    .addOption(new Option('--ops <n>', 'actions per backend').argParser(positive).conflicts('duration'))
    .addOption(new Option('--duration <seconds>', 'run each backend this long instead of --ops').argParser(positive))
    .addOption(new Option('--concurrency <n>', 'actions in flight at once').argParser(positive).default(16))
    .addOption(new Option('--rate <n>', 'fixed target rate, actions per second (default: closed loop)').argParser(positive))
    .addOption(new Option('--players <n>', "players set up before the run (default: the workload's; each account costs a password hash to set up)").argParser(positive))
    .addOption(new Option('--seed <n>', 'seed of the draws').argParser(Number).default(1))
    .addOption(new Option('--function-memory-mb <n>', 'function memory the compute cost assumes').argParser(positive).default(512))
    .option('--html <file>', 'also write a self-contained HTML report with charts (opens offline)')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\nExample:\n  kumo bench --workload gacha-event --ops 2000 --backend memory --backend 'dynamodb://kumo?region=us-east-1&endpoint=http://127.0.0.1:8000' --html bench.html`)
    .action(async (options) => {
      const workloads = loadWorkloads(options.workloads);
      const chosen = workloads.get(options.workload);
      if (!chosen) throw new InvalidArgumentError(`unknown workload "${options.workload}": ${[...workloads.keys()].join(', ')}`);
      const workload = options.players ? { ...chosen, players: Math.max(2, Math.round(options.players)) } : chosen;
      const prices = loadPrices(options.prices);
      const ops = options.duration === undefined ? Math.round(options.ops ?? 2000) : undefined;
      const runs = [];
      for (const address of options.backend as string[]) {
        process.stderr.write(`bench: ${workload.name} on ${address}…\n`);
        runs.push(await runBench(address, { workload, ops, durationSeconds: options.duration, concurrency: Math.round(options.concurrency), rate: options.rate, seed: options.seed }));
      }
      const report = benchReport(workload, runs, prices, options.functionMemoryMb);
      if (options.html) await writeFile(options.html, htmlReport(report));
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report).join('\n')}\n`);
    });
}
