import { Container, ContainerModule } from 'inversify';
import type { PortDecorators } from './http/telemetry';
import type { Capabilities } from './ports/capabilities';
import type { Clock } from './ports/clock';
import type { Ids } from './ports/ids';
import type { MobilePush, Push } from './ports/push';
import type { Queue } from './ports/queue';
import type { Secrets } from './ports/secrets';
import type { Store } from './ports/store';
import type { JobRunner } from './jobs/job-runner';
import { SERVICES } from './services/tokens';

/** A service identifier that remembers the type bound to it. */
export type Token<T> = symbol & { readonly __type?: T };

/** Makes a typed service identifier. */
export function token<T>(name: string): Token<T> {
  return Symbol.for(`kumo.${name}`) as Token<T>;
}

/** Identifiers of the ports. Adapter modules bind Store, Queue, Push, MobilePush and Capabilities. */
export const PORTS = {
  Store: token<Store>('Store'),
  Queue: token<Queue>('Queue'),
  Push: token<Push>('Push'),
  MobilePush: token<MobilePush>('MobilePush'),
  Capabilities: token<Capabilities>('Capabilities'),
  Clock: token<Clock>('Clock'),
  Ids: token<Ids>('Ids'),
  Secrets: token<Secrets>('Secrets'),
} as const;

/** Reads a bound port or service with its type. */
export function resolve<T>(container: Container, id: Token<T>): T {
  return container.get<T>(id);
}

/**
 * Builds a singleton-scoped container from modules, loaded in order: an adapter module (binds
 * Store, Queue, Push, MobilePush, Capabilities), `coreModule(...)` (Clock, Ids, Secrets, services),
 * then any module that rebinds for tests.
 */
export function createContainer(...modules: ContainerModule[]): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.loadSync(...modules);
  return container;
}

/** The ports one adapter set provides. */
export interface AdapterPorts {
  store: Store;
  queue: Queue;
  push: Push;
  mobilePush: MobilePush;
}

/** The container module every adapter's `<cloud>Module` returns: its ports and its capabilities. */
export function portsModule(ports: AdapterPorts, capabilities: Capabilities): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PORTS.Store).toConstantValue(ports.store);
    bind(PORTS.Queue).toConstantValue(ports.queue);
    bind(PORTS.Push).toConstantValue(ports.push);
    bind(PORTS.MobilePush).toConstantValue(ports.mobilePush);
    bind(PORTS.Capabilities).toConstantValue(capabilities);
  });
}

/**
 * Wraps the adapter's ports as the container builds them (each port once, on first use): load it
 * with the adapter module. Only what the container hands out is wrapped; an app's own references to
 * its adapter's ports stay as they are. `jobs` wraps every job the container's job runner runs.
 */
export function decoratePorts(decorators: PortDecorators): ContainerModule {
  return new ContainerModule(({ onActivation }) => {
    const { store, queue, push, jobs } = decorators;
    if (store) onActivation<Store>(PORTS.Store, (_, port) => store(port));
    if (queue) onActivation<Queue>(PORTS.Queue, (_, port) => queue(port));
    if (push) onActivation<Push>(PORTS.Push, (_, port) => push(port));
    if (jobs) {
      onActivation<JobRunner>(SERVICES.Jobs, (_, runner) => {
        runner.observe(jobs);
        return runner;
      });
    }
  });
}
