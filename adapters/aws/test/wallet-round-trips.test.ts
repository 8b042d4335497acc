import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { coreModule, createContainer, resolve, SERVICES, UserNotFound, type Secrets } from '@kumo/core';
import { unique } from '@kumo/conformance';
import { awsModule, createAwsPorts, createTable, DynamoStore, type AwsPorts } from '../src/index';
import { LOCAL_AWS } from '@kumo/adapter-aws/testing';

const secrets: Secrets = { get: (name) => `round-trips-${name}-0123456789abcdef` };

/**
 * Round trips of a wallet deposit on DynamoDB Local, counted at the SDK: one entry per HTTP send
 * of the store's client (retries included), named by command.
 */
describe('wallet deposit round trips (DynamoDB Local)', () => {
  const sent: string[] = [];
  let ports: AwsPorts;
  let client: DynamoDBClient;

  beforeAll(async () => {
    const tableName = unique('kumo-trips');
    client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    await createTable(client, tableName);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'deserialize', priority: 'high', name: 'countSends' },
    );
    const base = createAwsPorts({ ...LOCAL_AWS, tableName, dynamoEndpoint: inject('dynamoEndpoint'), sqsEndpoint: inject('sqsEndpoint'), mqtt: { url: inject('mqttUrl') } });
    ports = { ...base, store: new DynamoStore({ client, tableName }) };
  });
  afterAll(async () => {
    await ports.close();
    client.destroy();
  });

  const services = () => {
    const container = createContainer(awsModule(ports), coreModule({ secrets }));
    return { accounts: resolve(container, SERVICES.Accounts), wallet: resolve(container, SERVICES.Wallet) };
  };

  it('deposits in 2 round trips (one batched read, one transaction), keeps Σ receipts = balance and answers a retry with the first receipt', async () => {
    const { accounts, wallet } = services();
    const { userId } = await accounts.create();

    sent.length = 0;
    const first = await wallet.deposit(userId, 'ios', { receiptId: 'r-1', paid: 0, free: 5 });
    expect(sent).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);

    sent.length = 0;
    await wallet.deposit(userId, 'ios', { receiptId: 'r-2', paid: 3, free: 1, price: { amount: 300, currency: 'USD' } });
    expect(sent).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);

    expect(await wallet.deposit(userId, 'ios', { receiptId: 'r-1', paid: 0, free: 5 })).toEqual(first);
    const balance = await wallet.balance(userId, 'ios');
    const { receipts } = await wallet.receipts(userId, 'ios');
    expect(balance).toMatchObject({ paid: 3, free: 6 });
    expect(receipts.reduce((sum, r) => sum + r.paid + r.free, 0)).toBe(balance.total);
    expect(receipts).toHaveLength(2);
  });

  it('refuses a deposit to an unknown player after two batched reads (the second proves the documents assumed absent are absent), writing nothing', async () => {
    const { wallet } = services();
    sent.length = 0;
    await expect(wallet.deposit('nobody-here', 'ios', { receiptId: 'r-x', paid: 0, free: 5 })).rejects.toBeInstanceOf(UserNotFound);
    expect(sent).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect((await wallet.receipts('nobody-here', 'ios')).receipts).toEqual([]);
  });
});
