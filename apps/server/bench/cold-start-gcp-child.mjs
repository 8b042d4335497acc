/* global process, console, performance */
// Imports a Cloud Functions bundle (as the Functions Framework's loader imports the function's
// source), serves the HTTP function it registered as `api` with the framework's own Express server
// (`getTestServer`: the `getServer` its CLI listens with), sends it one GET over HTTP from this
// process, and prints the time since process start to the response's end, the CPU time used so
// far, the status and peak RSS.
import { request } from 'node:http';

const [bundle, path] = process.argv.slice(2);
await import(bundle);
const { getTestServer } = await import('@google-cloud/functions-framework/testing');
const server = getTestServer('api');
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const status = await new Promise((resolve, reject) => {
  const get = request({ host: '127.0.0.1', port: server.address().port, path }, (response) => {
    response.resume();
    response.on('end', () => resolve(response.statusCode));
  });
  get.on('error', reject).end();
});
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, status, maxRssKiB: process.resourceUsage().maxRSS }));
process.exit(0);
