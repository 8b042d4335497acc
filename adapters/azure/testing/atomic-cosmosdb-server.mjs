/**
 * `@vercel/cosmosdb-server` with transactional batches that are atomic, as Cosmos DB runs them.
 *
 * cosmosdb-server applies a batch's operations one after the other and, when one fails, keeps the
 * ones before it: a batch whose second condition fails still writes its first document. Cosmos DB
 * (and its official emulator) applies all of a batch or none of it, and the Store adapter relies
 * on that. This script replaces the server's batch handler before starting its CLI: the same
 * operations (the server's own), applied synchronously (so no other request interleaves) while
 * every change to the collection's maps is journalled, and undone in reverse if an operation
 * fails. Arguments are the CLI's (`--host`, `--port`). As on Cosmos DB, a batch may also hold
 * patches (the server's own patch, its condition evaluated as below), and a batch sent with
 * `Prefer: return=minimal` answers its writes without their items (status and ETag only).
 *
 * It also evaluates a single-partition query (one with the `x-ms-documentdb-partitionkey` header)
 * over that partition's documents only, as Cosmos DB does, and the SDK's query-plan request that
 * precedes it over none (the server answers it with documents, which the SDK does not use): the
 * server ran both over the whole container, so a query's cost grew with every document written
 * (5,000 documents made a partition query take half a second). The query's own filter still runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import process from 'node:process';

// The server's CommonJS modules, patched in the module cache its CLI loads them from.
const load = createRequire(import.meta.url);
const batch = load('@vercel/cosmosdb-server/lib/handler/batch-documents');
const operations = load('@vercel/cosmosdb-server/lib/handler/_document-operations');
const json = load('@vercel/cosmosdb-server/lib/json').default;
const patchOperations = load('@vercel/cosmosdb-server/lib/handler/_patch-operations');
const original = batch.default;

const APPLY = {
  Create: (collection, input) => operations.createOperation(collection, input),
  Upsert: (collection, input) => operations.upsertOperation(collection, input),
  Read: (collection, input) => operations.readOperation(collection, input),
  Delete: (collection, input) => operations.deleteOperation(collection, input),
  Replace: (collection, input) => operations.replaceOperation(collection, input),
  // A batch patch carries `{ operations, condition }` (or the bare list) as its resource body.
  Patch: (collection, input) => {
    const body = input.resourceBody ?? {};
    return patchOperations.patchOperation(collection, { ...input, operations: Array.isArray(body) ? body : body.operations, condition: body.condition });
  },
};

/** Runs `apply` with every `set`/`delete` on `maps` journalled; returns a function that undoes them. */
function journalled(maps, apply) {
  const undo = [];
  for (const map of maps) {
    map.set = (key, value) => {
      undo.push(Map.prototype.has.call(map, key) ? [map, key, Map.prototype.get.call(map, key)] : [map, key]);
      return Map.prototype.set.call(map, key, value);
    };
    map.delete = (key) => {
      if (Map.prototype.has.call(map, key)) undo.push([map, key, Map.prototype.get.call(map, key)]);
      return Map.prototype.delete.call(map, key);
    };
  }
  try {
    apply();
  } finally {
    for (const map of maps) {
      delete map.set;
      delete map.delete;
    }
  }
  return () => {
    for (const [map, key, ...previous] of undo.reverse()) {
      if (previous.length > 0) Map.prototype.set.call(map, key, previous[0]);
      else Map.prototype.delete.call(map, key);
    }
  };
}

batch.default = async (account, req, res, params) => {
  // A bulk request (not a transactional batch) goes on after a failure: the server's own handler.
  if (String(req.headers['x-ms-cosmos-batch-continue-on-error']).toLowerCase() === 'true') return original(account, req, res, params);
  const { dbId, collId } = params;
  const body = await json(req);
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) {
    res.statusCode = 404;
    return {};
  }
  if (!Array.isArray(body)) {
    res.statusCode = 400;
    return { message: 'Invalid request body' };
  }
  const unknown = body.find((input) => !APPLY[input && input.operationType]);
  if (unknown !== undefined) {
    res.statusCode = 400;
    return { message: `Operation type '${unknown && unknown.operationType}' is not supported in Batch.` };
  }
  const results = [];
  const { _data, _index } = collection.documents;
  const undo = journalled([_data, _index], () => {
    for (const input of body) {
      if (results.some((result) => result.statusCode >= 400)) results.push({ statusCode: 424, requestCharge: 0 });
      else results.push(APPLY[input.operationType](collection, input));
    }
  });
  if (results.some((result) => result.statusCode >= 400)) {
    undo();
    return results.map((result) => ({ statusCode: result.statusCode, requestCharge: 0 }));
  }
  // `Prefer: return=minimal` (the SDK's `contentResponseOnWriteEnabled: false`): writes answer without the item, reads still with it.
  const minimal = String(req.headers.prefer).toLowerCase() === 'return=minimal';
  return results.map((result, index) => ({
    statusCode: result.statusCode,
    requestCharge: 1,
    eTag: result.body ? result.body._etag : undefined,
    ...(minimal && body[index].operationType !== 'Read' ? {} : { resourceBody: result.body }),
  }));
};

/** The partition key of the query request being handled, if it names one. */
const queryPartition = new AsyncLocalStorage();
const queryDocuments = load('@vercel/cosmosdb-server/lib/handler/query-documents');
const handleQuery = queryDocuments.default;
/** Stands for "no document" in `queryPartition`: a query-plan request. */
const PLAN = Symbol('query plan');
queryDocuments.default = (account, req, res, params) => {
  if (String(req.headers['x-ms-cosmos-is-query-plan-request']).toLowerCase() === 'true') return queryPartition.run(PLAN, () => handleQuery(account, req, res, params));
  const header = req.headers['x-ms-documentdb-partitionkey'];
  const key = typeof header === 'string' ? JSON.parse(header) : undefined;
  if (!Array.isArray(key) || key.length !== 1) return handleQuery(account, req, res, params);
  return queryPartition.run(key[0], () => handleQuery(account, req, res, params));
};
const Items = load('@vercel/cosmosdb-server/lib/account/items').default;
const queryItems = Items.prototype.query;
Items.prototype.query = function (params, options) {
  const partition = queryPartition.getStore();
  if (partition === undefined) return queryItems.call(this, params, options);
  const all = this._data;
  this._data = partition === PLAN ? new Map() : new Map([...all].filter(([, item]) => this._getPartition(item.read()) === partition));
  try {
    return queryItems.call(this, params, options);
  } finally {
    this._data = all;
  }
};

/**
 * A patch's condition (`{ operations, condition }`, e.g. `FROM c WHERE c.n > 1`) is evaluated over
 * the patched document alone and as written, as Cosmos DB does: the server lower-cased it (so
 * property names lost their case) and ran it over every document with that id, in any partition.
 * A document that fails the condition is left as is with 412; one that passes is patched by the
 * server's own code (404, `If-Match` and the operations as before).
 */
const { parsePartitionKey } = load('@vercel/cosmosdb-server/lib/utils/get-partition-from-header');
const cosmosQuery = createRequire(load.resolve('@vercel/cosmosdb-server/package.json'))('@zeit/cosmosdb-query');
const patch = patchOperations.patchOperation;
patchOperations.patchOperation = (collection, input) => {
  if (!input.condition) return patch(collection, input);
  const document = collection.document(input.id, parsePartitionKey(input.partitionKey, input.id)).read();
  if (document) {
    let holds;
    try {
      holds = cosmosQuery.default(`SELECT * ${input.condition}`).exec([document]).result.length > 0;
    } catch {
      return { statusCode: 400, body: { code: 'BadRequest', message: 'Invalid condition in patch request.' } };
    }
    if (!holds) return { statusCode: 412, body: { code: 'PreconditionFailed', message: 'Condition specified in the patch request is not satisfied.' } };
  }
  return patch(collection, { ...input, condition: undefined });
};

/**
 * The server keeps its connections open as Cosmos DB does (its CLI answers every request with
 * `connection: close`, so each request paid a new TCP connection and TLS handshake).
 */
const { host, port } = parseArguments(process.argv.slice(2));
const server = load('@vercel/cosmosdb-server').createHttpsServer({ keepAlive: true, noDelay: true });
// An idle connection stays open (Node closes it after 5 s, racing a client that reuses it: ECONNRESET).
server.keepAliveTimeout = 10 * 60_000;
server.listen(port, host, () => process.stdout.write(`Ready to accept HTTPS connections at ${host}:${server.address().port}\n`));

/** The CLI's `--host` and `--port` arguments. */
function parseArguments(argv) {
  const value = (name) => argv[argv.indexOf(name) + 1];
  return { host: argv.includes('--host') ? value('--host') : '127.0.0.1', port: argv.includes('--port') ? Number(value('--port')) : 3000 };
}
