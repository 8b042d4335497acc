import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { enableTimeToLive } from './store-ttl';

/**
 * The one DynamoDB table Kumo needs (single-table design):
 *
 * | attribute | type | meaning |
 * |---|---|---|
 * | `pk` | S, partition key | the document's partition (any characters, 1..2048 bytes) |
 * | `sk` | S, sort key | the document's key within the partition (1..1024 bytes) |
 * | `v` | N | the document's version (1 on create, +1 per write) |
 * | `j` | S | the document's value as JSON text (what commits and `putMany` write) |
 * | `doc` | M | or the value as a DynamoDB map (what `increment` adds inside; every item before `j`) |
 * | `exp` | N | an expiring document's expiry, epoch ms (what reads and conditions compare) |
 * | `ttl` | N | the same in epoch seconds: the table's TTL attribute (DynamoDB deletes the item) |
 * | `c` | S | the commit trail: ids of the last commits that wrote the document, newest first, joined by spaces (absent if none; a list L for ids holding a space, and on items written before) |
 *
 * An item holds its value either as `j` or as `doc`, never both (store-item.ts reads either).
 * On-demand billing; no secondary index; TTL on `ttl`. The same definition is in
 * apps/aws-lambda/template.yaml.
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
}

/** Creates the table if it does not exist, waits until it is active and turns its TTL on (for tests and local runs). */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return enableTimeToLive(client, tableName);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become active`);
}
