import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';

type Operation = { operationId?: string; requestBody?: unknown; responses: Record<string, unknown>; security?: unknown[]; 'x-kumo-action'?: string };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

let backend: LocalBackend;
let document: Document;

beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, secrets: devSecrets({ KUMO_ADMIN_KEY: 'openapi-document-admin-key' }).secrets, accessLog: () => undefined });
  document = (await (await fetch(`${backend.url}/openapi.json`)).json()) as Document;
});
afterAll(async () => backend.stop());

/** Problems `redocly lint` (recommended rules) reports for a document, as `rule: message at pointer`. */
async function lint(source: unknown): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(source), absoluteRef: 'openapi.json', config });
  return problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ''}`);
}

const operations = () => Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

describe('the OpenAPI document', () => {
  it('passes redocly lint with the recommended rules: no error, no warning', async () => {
    expect(await lint(document)).toEqual([]);
  });

  it('the lint can fail: an operation without an operationId is reported', async () => {
    const broken = structuredClone(document);
    delete broken.paths['/v1/wallet']!.get!.operationId;
    expect(await lint(broken)).toContainEqual(expect.stringContaining('operation-operationId'));
  });

  it('names each operation uniquely and its policy action; public operations say they need no token', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of operations()) expect(operation['x-kumo-action']).toMatch(/^[a-z]+:[A-Z][A-Za-z]+$/);
    expect(document.paths['/v1/wallet/{slot}']!.get!['x-kumo-action']).toBe('wallet:GetWallet');
    expect(document.paths['/v1/accounts']!.post!.security).toEqual([]);
    expect(document.paths['/v1/purchases/apple/notifications']!.post!.security).toEqual([]);
  });

  it('documents the 413 and 415 the server gives on every operation with a body, and the 415 is real', async () => {
    for (const { operation } of operations().filter(({ operation }) => operation.requestBody)) {
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['413', '415']));
    }
    const response = await fetch(`${backend.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('types what an inbox read gives: the acquired items, not an untyped object', () => {
    expect(document.components.schemas.ReadResult!.properties!.items).toEqual({ type: 'array', items: { $ref: '#/components/schemas/AcquireResult' } });
  });
});
