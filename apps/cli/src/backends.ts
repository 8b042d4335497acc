import https from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore, meterDynamoClient } from '@kumo/adapter-aws';
import { cosmosConsumptionPlugin, CosmosStore } from '@kumo/adapter-azure';
import { DatastoreStore, meterDatastore } from '@kumo/adapter-gcp';
import { MemoryStore } from '@kumo/adapter-memory';
import { embeddedDatabase, PostgresStore, serverDatabase, type Database } from '@kumo/adapter-postgres';
import { KumoError, type ConsumptionMeter, type Store } from '@kumo/core';

/** A store opened from a backend address, and how to let go of its clients. */
export interface Backend {
  store: Store;
  /** The address without anything secret, for reports and checkpoints. */
  label: string;
  /** Documents per commit when writing to it, if one commit per document suits it better (see `CopyContext.writeBatch`). */
  writeBatch?: number;
  close(): Promise<void>;
}

/** A backend address that cannot be used, with what is wrong (exit code 2). */
export class BadAddress extends KumoError {
  constructor(message: string) {
    super('invalid', 'bad_address', message);
  }
}

/** What `kumo --help` says about addressing a backend; kept next to the parser it describes. */
export const ADDRESS_HELP = `Backend addresses (credentials come from each SDK's usual environment, never the command line):
  memory:                                   an empty in-process store (trying the tool out)
  dynamodb://<table>?region=<r>&endpoint=<url>
                                            DynamoDB table; credentials from the AWS default chain
                                            (AWS_PROFILE, AWS_ACCESS_KEY_ID/…, SSO, instance role);
                                            region defaults to AWS_REGION
  datastore://<project>?namespace=<ns>&database=<db>&endpoint=<host:port>
                                            Firestore in Datastore mode; credentials from Application
                                            Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud);
                                            DATASTORE_EMULATOR_HOST is honoured
  cosmos://<account or host:port>/<database>/<container>?insecure=true
                                            Cosmos DB (NoSQL API), container partitioned on /pk; the
                                            account key from AZURE_COSMOS_KEY; insecure=true trusts
                                            a local emulator's self-signed certificate
  postgres://[<user>@]<host>[:<port>]/<database>?sslmode=<mode>
                                            PostgreSQL server (table kumo_documents, made if missing);
                                            the password from PGPASSWORD or ~/.pgpass, never in the address
  embedded:<data dir>                       the embedded engine's data folder (PGlite, as the server's
                                            KUMO_DATA_DIR); stop the server using it first: one process
                                            at a time may open it`;

/**
 * Opens the store an address names (see `ADDRESS_HELP`); throws `BadAddress` for one it cannot
 * use. With `meter`, a cloud store records what each call consumed in its cloud's units.
 */
export function openBackend(address: string, env: NodeJS.ProcessEnv = process.env, meter?: ConsumptionMeter): Backend {
  if (address === 'memory:' || address === 'memory') return { store: new MemoryStore(), label: 'memory:', close: async () => {} };
  const url = parse(address);
  switch (url.protocol) {
    case 'dynamodb:':
      return openDynamo(url, env, meter);
    case 'datastore:':
      return openDatastore(url, meter);
    case 'cosmos:':
      return openCosmos(url, env, meter);
    case 'postgres:':
    case 'postgresql:':
      return openPostgres(url);
    case 'embedded:':
      return openEmbedded(address);
    default:
      throw new BadAddress(`unknown backend "${url.protocol}" in ${address}: use memory:, dynamodb://, datastore://, cosmos://, postgres:// or embedded:`);
  }
}

function parse(address: string): URL {
  try {
    return new URL(address);
  } catch {
    throw new BadAddress(`"${address}" is not a backend address (see kumo --help)`);
  }
}

/** The address's host part: a table, project or account name, as written (URL hosts are lower-cased, names are not). */
function nameOf(url: URL, address = url.href): string {
  const name = decodeURIComponent(/^[a-z]+:\/\/([^/?]*)/i.exec(address)?.[1] ?? '');
  if (!name) throw new BadAddress(`${url.protocol}// needs a name after it: ${address}`);
  return name;
}

function openDynamo(url: URL, env: NodeJS.ProcessEnv, meter?: ConsumptionMeter): Backend {
  const tableName = nameOf(url);
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  const region = url.searchParams.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new BadAddress(`dynamodb://${tableName} needs a region: ?region=… or AWS_REGION`);
  const client = new DynamoDBClient({ region, endpoint, maxAttempts: 6 });
  if (meter) meterDynamoClient(client, meter);
  // A transaction costs DynamoDB twice the writes of its items: copies write item by item.
  return { store: new DynamoStore({ client, tableName }), writeBatch: 1, label: `dynamodb://${tableName}?region=${region}${endpoint ? `&endpoint=${endpoint}` : ''}`, close: async () => client.destroy() };
}

function openDatastore(url: URL, meter?: ConsumptionMeter): Backend {
  const projectId = nameOf(url);
  const namespace = url.searchParams.get('namespace') ?? undefined;
  const databaseId = url.searchParams.get('database') ?? undefined;
  const apiEndpoint = url.searchParams.get('endpoint') ?? undefined;
  const store = new DatastoreStore({ projectId, namespace, databaseId, apiEndpoint });
  if (meter) meterDatastore(store.datastore, meter);
  const query = [namespace && `namespace=${namespace}`, databaseId && `database=${databaseId}`, apiEndpoint && `endpoint=${apiEndpoint}`].filter(Boolean).join('&');
  return { store, label: `datastore://${projectId}${query ? `?${query}` : ''}`, close: () => store.close() };
}

function openCosmos(url: URL, env: NodeJS.ProcessEnv, meter?: ConsumptionMeter): Backend {
  const account = nameOf(url);
  const [database, container, ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (!database || !container || rest.length > 0) throw new BadAddress(`cosmos:// needs /<database>/<container> after the account: ${url.href}`);
  const key = env.AZURE_COSMOS_KEY;
  if (!key) throw new BadAddress('cosmos:// reads the account key from AZURE_COSMOS_KEY, which is not set');
  const endpoint = /[.:]/.test(account) ? `https://${account}` : `https://${account}.documents.azure.com:443/`;
  const insecure = url.searchParams.get('insecure') === 'true';
  const client = new CosmosClient({
    endpoint,
    key,
    ...(insecure ? { agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }) } : {}),
    // `plugins` is a client option of the SDK that its type declarations mark @hidden.
    ...(meter ? ({ plugins: [cosmosConsumptionPlugin(meter)] } as object) : {}),
  });
  const store = new CosmosStore(client.database(database).container(container));
  return { store, label: `cosmos://${account}/${database}/${container}`, close: async () => client.dispose() };
}

function openPostgres(url: URL): Backend {
  if (url.password) throw new BadAddress('postgres:// addresses carry no password: set PGPASSWORD or use ~/.pgpass');
  if (!url.pathname.replace(/^\//, '')) throw new BadAddress(`postgres:// needs a database name: postgres://<host>/<database> (${url.href})`);
  return postgresBackend(serverDatabase({ url: url.href }), url.href);
}

function openEmbedded(address: string): Backend {
  const dataDir = address.slice('embedded:'.length);
  if (!dataDir) throw new BadAddress('embedded: needs the data folder after it, e.g. embedded:./kumo-data');
  return postgresBackend(embeddedDatabase(dataDir), `embedded:${dataDir}`);
}

/** A PostgreSQL store on `database`; the tables are made on first use, as a server does. */
function postgresBackend(database: Database, label: string): Backend {
  return { store: new PostgresStore(database), label, close: () => database.close() };
}
