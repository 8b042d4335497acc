import { createHash } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Unsupported } from '@kumo/core';
import { ADDRESS_HELP, BadAddress, openBackend, type Backend } from './backends';
import { benchCommand } from './bench/command';
import { BadExport } from './export-format';
import { exportStore, importFile } from './export-import';
import { enterMaintenance, leaveMaintenance, maintenanceState, untilEveryInstanceSaw } from './maintenance';
import { migrate } from './migrate';
import { createProgress } from './progress';

/** Exit codes: 0 done and verified, 1 not verified, 2 bad usage or backend, 3 bad export file, 4 other failure. */
export const EXIT = { ok: 0, notVerified: 1, usage: 2, badExport: 3, failed: 4 } as const;

const positiveNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
};

/** The default checkpoint file of a source/target pair, in the working directory. */
export function defaultCheckpoint(from: string, to: string): string {
  return `.kumo-migrate-${createHash('sha256').update(`${from}\n${to}`).digest('hex').slice(0, 12)}.json`;
}

/** Opens both backends, runs `work`, closes them whatever happens. */
async function withBackends<T>(addresses: string[], work: (backends: Backend[]) => Promise<T>): Promise<T> {
  const backends: Backend[] = [];
  try {
    for (const address of addresses) backends.push(openBackend(address));
    return await work(backends);
  } finally {
    await Promise.all(backends.map((backend) => backend.close().catch(() => undefined)));
  }
}

/** Prints a result: JSON on stdout with `--json`, else a short summary. */
function print(json: boolean, result: object, summary: string): void {
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${summary}\n`);
}

/** The `kumo` program. */
export function program(): Command {
  const kumo = new Command('kumo')
    .description('Move a Kumo game between backends: migrate live (verified, resumable), or export a backup and import it elsewhere; bench a workload on each (speed, contention, $ per million player actions).')
    .addHelpText(
      'after',
      `\n${ADDRESS_HELP}\n\nExamples (quote addresses that hold ? or &):\n` +
        `  # copy a live game (the same command resumes after Ctrl-C or a crash), then cut over\n` +
        `  kumo migrate --from 'dynamodb://kumo?region=eu-west-1' --to postgres://kumo@db.internal/kumo\n` +
        `  kumo migrate --from 'dynamodb://kumo?region=eu-west-1' --to postgres://kumo@db.internal/kumo --cutover\n` +
        `  # roll the cutover back before switching the game (the source takes writes again)\n` +
        `  kumo maintenance off --backend 'dynamodb://kumo?region=eu-west-1'\n` +
        `  # a nightly backup, restored elsewhere after an outage\n` +
        `  kumo export --from 'dynamodb://kumo?region=eu-west-1' --out nightly.ndjson.gz\n` +
        `  AZURE_COSMOS_KEY=… kumo import --to cosmos://acct/kumo/store --in nightly.ndjson.gz\n\n` +
        `Exit codes: 0 done (and verified), 1 not verified, 2 bad usage or backend, 3 bad export file, 4 other failure.`,
    )
    .showHelpAfterError();

  kumo
    .command('migrate')
    .summary('copy a live game from one backend to another, verified and resumable')
    .description(
      'Copy every document from one backend to another through the Store port: a bulk copy partition by partition with a checkpoint after every page ' +
        '(run the same command again to resume after Ctrl-C or a crash), then catch-up passes that compare every partition by checksum and re-copy those that ' +
        'differ (changed documents written again, deleted ones removed) until one pass finds nothing to change: the migration is then verified and the checkpoint removed.',
    )
    .requiredOption('--from <address>', 'source backend (see kumo --help)')
    .requiredOption('--to <address>', 'target backend; its table/container must exist')
    .option('--verify-only', 'compare the two backends partition by partition and change nothing')
    .option(
      '--cutover',
      'after the live catch-up, put the source into maintenance mode (writes answer 503 with Retry-After on every instance within seconds, reads keep working), run the last catch-up passes and verify; ' +
        'then switch the game to the target. The source stays in maintenance: `kumo maintenance off --backend <source>` rolls the cutover back',
    )
    .addOption(new Option('--max-ops-per-second <n>', 'cap on document reads and writes per second, both backends together').argParser(positiveNumber))
    .addOption(new Option('--segments <n>', 'listing segments read in parallel, each copying its own partitions (DynamoDB: parallel Scan; memory and PostgreSQL: by name hash; Datastore and Cosmos DB list in one)').argParser(positiveNumber).default(4))
    .addOption(new Option('--concurrency <n>', 'partitions copied at once per segment').argParser(positiveNumber).default(8))
    .addOption(new Option('--write-batch <n>', 'documents per commit on the target (default: 1 on DynamoDB, where a transaction costs double; else up to 100)').argParser(positiveNumber))
    .addOption(new Option('--passes <n>', 'most catch-up passes after the copy').argParser(positiveNumber).default(3))
    .option('--checkpoint <file>', 'checkpoint file (default: .kumo-migrate-<pair hash>.json in the working directory)')
    .option('--json', 'print the report as JSON on stdout')
    .option('--quiet', 'no progress display (it is off anyway when stderr is not a terminal)')
    .addHelpText(
      'after',
      `\nRun it once while the game runs (bulk copy and catch-up), then again with --cutover once the\n` +
        `target has caught up. It prints "verified" when every partition has the same checksum on both\n` +
        `sides. Exit codes: 0 verified, 1 not verified (run it again), 2 bad usage or backend, 4 other failure.\n\n` +
        `Example:\n  kumo migrate --from 'dynamodb://kumo?region=eu-west-1' --to 'datastore://my-project?namespace=prod' --max-ops-per-second 2000`,
    )
    .action(async (options) => {
      const code = await withBackends([options.from, options.to], async ([source, target]) => {
        const progress = createProgress(Boolean(options.quiet));
        try {
          const report = await migrate({
            source: source!.store,
            target: target!.store,
            from: source!.label,
            to: target!.label,
            checkpointPath: options.checkpoint ?? defaultCheckpoint(source!.label, target!.label),
            verifyOnly: Boolean(options.verifyOnly),
            maxOpsPerSecond: options.maxOpsPerSecond,
            segments: options.segments,
            concurrency: options.concurrency,
            maxPasses: options.passes,
            writeBatch: options.writeBatch ?? target!.writeBatch,
            ...(options.cutover ? { cutover: {} } : {}),
            onProgress: (event) => progress.migrate(event),
            onNotice: (message) => process.stderr.write(`${message}\n`),
          });
          progress.stop();
          const verdict = report.verified ? 'verified: every partition has the same checksum on both backends' : `NOT verified: ${report.differingPartitions.length} partition(s) differ`;
          print(
            Boolean(options.json),
            report,
            `${report.mode === 'verify-only' ? 'compared' : `copied ${report.copy.documents} documents in ${report.copy.partitions} partitions (${report.copy.documentsPerSecond} docs/s)${report.resumed ? ', resumed from a checkpoint' : ''}`}; ` +
              `${report.passes.length} pass(es), last one ${report.verifyMs} ms; ${verdict}` +
              (report.cutover ? `\n${cutoverAdvice(report.verified, report.cutover.maintenanceSince, options.from, options.to)}` : ''),
          );
          return report.verified ? EXIT.ok : EXIT.notVerified;
        } finally {
          progress.stop();
        }
      });
      process.exitCode = code;
    });

  kumo
    .command('export')
    .summary('write a backend to a gzip NDJSON backup with a checksum manifest')
    .description(
      'Write every document of a backend to a gzip NDJSON file (format kumo-export/1) ending with a manifest of per-partition checksums; `kumo import` restores it into any backend. ' +
        'Dead letters are store documents and are exported too. Each partition is read as it is when the export reaches it: for a backup consistent across players, ' +
        'export during maintenance (`kumo maintenance on`) or from a copy.',
    )
    .requiredOption('--from <address>', 'backend to export (see kumo --help)')
    .requiredOption('--out <file>', 'file to write, e.g. backup.ndjson.gz')
    .addOption(new Option('--max-ops-per-second <n>', 'cap on document reads per second').argParser(positiveNumber))
    .option('--json', 'print the report as JSON on stdout')
    .option('--quiet', 'no progress display')
    .addHelpText('after', `\nExample:\n  kumo export --from 'dynamodb://kumo?region=eu-west-1' --out nightly.ndjson.gz`)
    .action(async (options) => {
      await withBackends([options.from], async ([source]) => {
        const progress = createProgress(Boolean(options.quiet));
        const report = await exportStore(source!.store, source!.label, options.out, { maxOpsPerSecond: options.maxOpsPerSecond }, (n) => progress.documents('export', n)).finally(() => progress.stop());
        print(Boolean(options.json), report, `exported ${report.documents} documents in ${report.partitions} partitions to ${report.file} (${report.ms} ms)`);
      });
    });

  kumo
    .command('import')
    .summary('restore a backup into a backend, refusing a damaged or tampered file')
    .description(
      'Restore an export into a backend: the whole file is first checked against its manifest (a damaged or tampered file is refused, nothing written), ' +
        'then each exported partition is made to hold exactly the exported documents, then compared with the manifest. Partitions not in the file are left alone.',
    )
    .requiredOption('--to <address>', 'backend to restore into; its table/container must exist')
    .requiredOption('--in <file>', 'an export written by kumo export')
    .addOption(new Option('--max-ops-per-second <n>', 'cap on document reads and writes per second').argParser(positiveNumber))
    .option('--json', 'print the report as JSON on stdout')
    .option('--quiet', 'no progress display')
    .addHelpText('after', `\nExit codes: 0 restored and verified, 2 bad usage or backend, 3 damaged, tampered or unknown file\n(nothing written), 4 other failure.\n\nExample:\n  AZURE_COSMOS_KEY=… kumo import --to cosmos://acct/kumo/store --in nightly.ndjson.gz`)
    .action(async (options) => {
      await withBackends([options.to], async ([target]) => {
        const progress = createProgress(Boolean(options.quiet));
        const report = await importFile(target!.store, options.in, { maxOpsPerSecond: options.maxOpsPerSecond }, (n) => progress.documents('import', n)).finally(() => progress.stop());
        print(Boolean(options.json), report, `imported ${report.documents} documents in ${report.partitions} partitions from ${report.file} (export of ${report.source}, ${report.createdAt}); verified against its manifest`);
      });
    });
  maintenanceCommands(kumo);
  benchCommand(kumo);
  return kumo;
}

/** What to do once a cutover ended: switch the game over, or finish or roll back the cutover. */
function cutoverAdvice(verified: boolean, since: string, from: string, to: string): string {
  return verified
    ? `the source is in maintenance since ${since}: switch the game's configuration to ${to} now (the target's maintenance switch is off)`
    : `the source is STILL in maintenance (since ${since}) and the target is not verified: run the same command again to finish the cutover, ` +
        `or roll it back with: kumo maintenance off --backend '${from}'`;
}

/** `kumo maintenance on|off|status`: the switch `--cutover` turns on, by hand. */
function maintenanceCommands(kumo: Command): void {
  const maintenance = kumo
    .command('maintenance')
    .summary("turn a backend's maintenance mode on or off, or show it (ending or rolling back a cutover)")
    .description(
      'The maintenance switch every instance of a game reads at most every 2 s: while it is on, writes answer 503 with Retry-After and reads keep working. ' +
        '`kumo migrate --cutover` turns it on on the source and leaves it on. Turn it off on the old backend to roll back a cutover (the game stays where it was), ' +
        'or once the game runs on the new backend and the old one is to take writes again. The switch is never copied by migrate, export or import.',
    );
  const backendOption = (command: Command) => command.requiredOption('--backend <address>', 'the backend whose switch to use (see kumo --help)').option('--json', 'print the state as JSON on stdout');
  const report = async (address: string, json: boolean, change?: (store: Backend['store']) => Promise<void>) =>
    withBackends([address], async ([backend]) => {
      if (change) {
        await change(backend!.store);
        await untilEveryInstanceSaw();
      }
      const state = await maintenanceState(backend!.store);
      print(json, { backend: backend!.label, ...state }, state.on ? `${backend!.label}: maintenance ON (${state.reason}; Retry-After ${state.retryAfterSeconds} s): writes answer 503, reads work` : `${backend!.label}: maintenance off: writes are taken`);
    });
  backendOption(
    maintenance
      .command('on')
      .summary('refuse writes on every instance (503 with Retry-After), keep reads')
      .description('Turn maintenance mode on, then wait until every instance has seen it (about 3 s).'),
  )
    .option('--reason <text>', 'shown in the 503 answer', 'maintenance')
    .addOption(new Option('--retry-after <seconds>', 'the Retry-After header of the 503 answers').argParser(positiveNumber).default(60))
    .action((options) => report(options.backend, Boolean(options.json), (store) => enterMaintenance(store, { reason: options.reason, retryAfterSeconds: Math.round(options.retryAfter) })));
  backendOption(
    maintenance
      .command('off')
      .summary('take writes again (end or roll back a cutover)')
      .description('Turn maintenance mode off, then wait until every instance has seen it (about 3 s). Nothing happens if it is off.'),
  ).action((options) => report(options.backend, Boolean(options.json), leaveMaintenance));
  backendOption(maintenance.command('status').summary('show whether maintenance mode is on')).action((options) => report(options.backend, Boolean(options.json)));
}

/** Runs the program on `argv`, turning failures into a message on stderr and an exit code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`kumo: ${(error as Error).message}\n`);
    if (error instanceof BadExport) process.exitCode = EXIT.badExport;
    else if (error instanceof BadAddress || error instanceof Unsupported) process.exitCode = EXIT.usage;
    else process.exitCode = EXIT.failed;
  }
}
