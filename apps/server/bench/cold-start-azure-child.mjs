/* global process, console, performance, URL */
// Stands in for the Azure Functions Node.js worker, which no Functions host runs here: provides
// `@azure/functions-core` as the worker does (a module the library requires) to record the
// functions the bundle registers, imports the bundle, builds one GET `HttpRequest` and an
// `InvocationContext` with the bundle's own @azure/functions classes (its `azure-functions.mjs`
// entry), calls the HTTP function `kumo`, reads the answer as the library's `HttpResponse`, and
// prints the time since process start, the CPU time used so far, the status and peak RSS.
import Module from 'node:module';
import { pathToFileURL } from 'node:url';

const [bundle, path] = process.argv.slice(2);
const handlers = new Map();
const core = {
  log() {},
  setProgrammingModel() {},
  registerFunction(metadata, handler) {
    handlers.set(metadata.name, handler);
    return { dispose() {} };
  },
  registerHook: () => ({ dispose() {} }),
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === '@azure/functions-core' ? core : load.call(this, request, ...rest);
};
await import(bundle);
const { HttpRequest, HttpResponse, InvocationContext } = await import(new URL('azure-functions.mjs', pathToFileURL(bundle)).href);
const request = new HttpRequest({ method: 'GET', url: `http://bench.example${path}`, headers: { 'x-forwarded-for': '192.0.2.1' } });
const response = new HttpResponse(await handlers.get('kumo')(request, new InvocationContext({ functionName: 'kumo', invocationId: 'bench' })));
await response.text();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, status: response.status, maxRssKiB: process.resourceUsage().maxRSS }));
process.exit(0);
