/**
 * `npm run bench [-- hot-path | round-trips | scale | telemetry]`: the core figures per backend (default);
 * Kumo's hot path against bare Hono baselines; Kumo's store path against hand-written SDK code on
 * the emulators; how latency grows with the work; or what observability costs per request.
 */
const modes: Record<string, () => Promise<unknown>> = {
  'hot-path': () => import('./hot-path'),
  'round-trips': () => import('./round-trips'),
  scale: () => import('./scale'),
  telemetry: () => import('./telemetry'),
};
await (modes[process.argv[2] ?? ''] ?? (() => import('./run')))();
export {};
