import { describe, expect, it } from 'vitest';
import { CONTAINER_PLAN, emulatorProvider, requireContainerRuntime } from '../src/emulators/index';

describe('emulator provider', () => {
  it('is process by default and containers when asked; anything else is refused by name', () => {
    expect(emulatorProvider({})).toBe('process');
    expect(emulatorProvider({ KUMO_EMULATORS: 'process' })).toBe('process');
    expect(emulatorProvider({ KUMO_EMULATORS: 'containers' })).toBe('containers');
    expect(() => emulatorProvider({ KUMO_EMULATORS: 'docker' })).toThrow('KUMO_EMULATORS=docker is not a provider: use one of process, containers');
  });

  it('fails at once with what to do when no Docker engine answers (never falls back)', async () => {
    const refused = () => Promise.reject(new Error('Could not find a working container runtime strategy'));
    await expect(requireContainerRuntime(refused)).rejects.toThrow(
      /^KUMO_EMULATORS=containers needs a reachable Docker engine .*Could not find a working container runtime strategy\. Start Docker, or run with KUMO_EMULATORS=process/,
    );
    await expect(requireContainerRuntime(() => Promise.resolve({}))).resolves.toBeUndefined();
  });
});

describe('container plan: what each adapter suite receives under KUMO_EMULATORS=containers', () => {
  const summary = (suite: keyof typeof CONTAINER_PLAN) =>
    CONTAINER_PLAN[suite].map(({ service, image, port, provides }) => `${service} ${image.split(':')[0]}:${port} → ${provides.join(',')}`);

  it('AWS: DynamoDB Local, LocalStack SQS and Mosquitto, filling the keys its process setup fills', () => {
    expect(summary('aws')).toEqual([
      'dynamodb amazon/dynamodb-local:8000 → dynamoEndpoint',
      'sqs localstack/localstack:4566 → sqsEndpoint',
      'mqtt eclipse-mosquitto:1883 → mqttUrl',
    ]);
  });

  it('GCP: the gcloud emulators image (Datastore mode and Pub/Sub) and Mosquitto', () => {
    expect(summary('gcp')).toEqual([
      'datastore gcr.io/google.com/cloudsdktool/google-cloud-cli:8080 → datastoreHost',
      'pubsub gcr.io/google.com/cloudsdktool/google-cloud-cli:8085 → pubsubHost',
      'mqtt eclipse-mosquitto:1883 → mqttUrl',
    ]);
  });

  it('Azure: the Linux Cosmos DB emulator on the same host port it advertises, and Azurite queues', () => {
    expect(summary('azure')).toEqual([
      'cosmos mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator:same-as-host → cosmosEndpoint',
      'azure-queues mcr.microsoft.com/azure-storage/azurite:10001 → storageConnectionString',
    ]);
  });

  it('MQTT and PostgreSQL suites', () => {
    expect(summary('mqtt')).toEqual(['mqtt eclipse-mosquitto:1883 → mqttUrl']);
    expect(summary('postgres')).toEqual(['postgres postgres:5432 → databaseUrl', 'mqtt eclipse-mosquitto:1883 → mqttUrl']);
  });

  it('pins every image to a tag, and no two services of a suite fill the same key', () => {
    for (const services of Object.values(CONTAINER_PLAN)) {
      for (const { image } of services) expect(image).toMatch(/^[^:]+:[\w.-]+$/);
      const keys = services.flatMap(({ provides }) => provides);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
