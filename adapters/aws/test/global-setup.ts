import type { TestProject } from 'vitest/node';
import { emulatorProvider, provideSuiteContainers } from '@kumo/conformance/emulators';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';
import { startDynamoDbLocal, startSqsServer } from '../testing';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
    mqttUrl: string;
  }
}

/**
 * Starts DynamoDB Local, fauxqs (SQS) and an MQTT broker on free ports for the suite (or, under
 * `KUMO_EMULATORS=containers`, the official images); stops them after.
 */
export default async function setup(project: TestProject) {
  if (emulatorProvider() === 'containers') return provideSuiteContainers(project, 'aws');
  const [dynamo, sqs, broker] = await Promise.all([startDynamoDbLocal(), startSqsServer(), startTestBroker()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);
  project.provide('mqttUrl', broker.url);
  return async () => {
    await Promise.all([dynamo.stop(), sqs.stop(), broker.close()]);
  };
}
