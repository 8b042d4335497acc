import { createConnection } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    mqttUrl: string;
  }
}

/** The machine's Mosquitto. */
const MOSQUITTO = { host: '127.0.0.1', port: 1883 };

/** Whether something accepts TCP connections at `host:port`. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1_000 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

/** The suite's MQTT broker: the machine's Mosquitto at 127.0.0.1:1883, else an in-process aedes broker. */
export default async function setup(project: TestProject) {
  if (await listening(MOSQUITTO.host, MOSQUITTO.port)) {
    project.provide('mqttUrl', `mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`);
    return;
  }
  const broker = await startTestBroker();
  project.provide('mqttUrl', broker.url);
  return () => broker.close();
}
