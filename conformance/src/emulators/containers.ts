import type { StartedTestContainer } from 'testcontainers';
import { CONTAINER_PLAN, type ContainerService, type ContainerSuite } from './plan';
import { requireContainerRuntime } from './provider';

/** The running containers of one suite: the values for its `provide` keys, and how to stop them. */
export interface StartedSuiteContainers {
  provided: Record<string, string>;
  stop(): Promise<void>;
}

interface StartedService {
  container: StartedTestContainer;
  provided: Record<string, string>;
}

/**
 * Starts the official image of every service a suite needs (see `CONTAINER_PLAN`) and returns the
 * same addresses its process emulators provide. Fails at once when no Docker engine answers; if
 * one service does not start, stops the others and throws.
 */
export async function startSuiteContainers(suite: ContainerSuite): Promise<StartedSuiteContainers> {
  await requireContainerRuntime();
  const results = await Promise.allSettled(CONTAINER_PLAN[suite].map(startService));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => void (await Promise.all(started.map(({ container }) => container.stop())));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return { provided: Object.assign({}, ...started.map(({ provided }) => provided)), stop };
}

async function startService(service: ContainerService): Promise<StartedService> {
  const { GenericContainer, RandomPortGenerator, Wait } = await import('testcontainers');
  const address = (container: StartedTestContainer, port: number) => `${container.getHost()}:${container.getMappedPort(port)}`;
  switch (service.service) {
    case 'dynamodb': {
      const container = await new GenericContainer(service.image)
        .withExposedPorts(8000)
        .withCommand(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb'])
        .withWaitStrategy(Wait.forListeningPorts())
        .start();
      return { container, provided: { dynamoEndpoint: `http://${address(container, 8000)}` } };
    }
    case 'sqs': {
      const { LocalstackContainer } = await import('@testcontainers/localstack');
      const container = await new LocalstackContainer(service.image).withEnvironment({ SERVICES: 'sqs' }).start();
      return { container, provided: { sqsEndpoint: container.getConnectionUri() } };
    }
    case 'mqtt': {
      const container = await new GenericContainer(service.image)
        .withExposedPorts(1883)
        .withCommand(['mosquitto', '-c', '/mosquitto-no-auth.conf'])
        .withWaitStrategy(Wait.forListeningPorts())
        .start();
      return { container, provided: { mqttUrl: `mqtt://${address(container, 1883)}` } };
    }
    case 'datastore': {
      const { DatastoreEmulatorContainer } = await import('@testcontainers/gcloud');
      const container = await new DatastoreEmulatorContainer(service.image).start();
      return { container, provided: { datastoreHost: container.getEmulatorEndpoint() } };
    }
    case 'pubsub': {
      const { PubSubEmulatorContainer } = await import('@testcontainers/gcloud');
      const container = await new PubSubEmulatorContainer(service.image).start();
      return { container, provided: { pubsubHost: container.getEmulatorEndpoint() } };
    }
    case 'cosmos': {
      // The emulator tells clients its own address, so the host must reach it on the same port;
      // HTTPS with its self-signed certificate, as the process emulator (the tests trust it per client).
      const port = await new RandomPortGenerator().generatePort();
      const container = await new GenericContainer(service.image)
        .withExposedPorts({ host: port, container: port })
        .withEnvironment({ PROTOCOL: 'https', PORT: String(port), ENABLE_TELEMETRY: 'false', ENABLE_EXPLORER: 'false' })
        .withWaitStrategy(Wait.forLogMessage('Now listening on: '))
        .start();
      return { container, provided: { cosmosEndpoint: `https://${container.getHost()}:${port}` } };
    }
    case 'azure-queues': {
      const { AzuriteContainer } = await import('@testcontainers/azurite');
      const container = await new AzuriteContainer(service.image).withInMemoryPersistence().start();
      return { container, provided: { storageConnectionString: container.getConnectionString() } };
    }
    case 'postgres': {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const container = await new PostgreSqlContainer(service.image).start();
      return { container, provided: { databaseUrl: container.getConnectionUri() } };
    }
  }
}

