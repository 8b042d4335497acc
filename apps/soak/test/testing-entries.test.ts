import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs an ES module script in a plain Node process (TypeScript through tsx, no vitest). */
async function plainNode(script: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 });
  return stdout.trim();
}

describe("adapters' testing entries in plain Node", () => {
  it.each(['aws', 'azure', 'gcp', 'mqtt', 'postgres', 'mobile-push', 'slack'])('@kumo/adapter-%s/testing imports without vitest', async (adapter) => {
    const exported = await plainNode(`const m = await import('@kumo/adapter-${adapter}/testing'); console.log(Object.keys(m).length);`);
    expect(Number(exported)).toBeGreaterThan(0);
  });

  it('starts the MQTT test broker and a client reaches it', async () => {
    const script = `
      import { startTestBroker } from '@kumo/adapter-mqtt/testing';
      import mqtt from 'mqtt';
      const broker = await startTestBroker();
      const client = await mqtt.connectAsync(broker.url);
      await client.endAsync();
      await broker.close();
      console.log('connected');`;
    expect(await plainNode(script)).toBe('connected');
  });
});
