/* global process, console, performance */
// Imports a Lambda bundle, answers one API Gateway v2 request, prints the time since process start, the CPU time used so far and peak RSS.
const [bundle, path] = process.argv.slice(2);
const { http } = await import(bundle);
const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'bench.example', 'x-forwarded-for': '192.0.2.1' },
  requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bench' }, requestId: 'bench', stage: '$default' },
  isBase64Encoded: false,
};
const response = await http(event, {});
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, status: response.statusCode, maxRssKiB: process.resourceUsage().maxRSS }));
process.exit(0);
