/**
 * `npm run bench [-- hot-path | round-trips | scale]`: the core figures per backend (default);
 * Kumo's hot path against bare Hono baselines; Kumo's store path against hand-written SDK code on
 * the emulators; or how latency grows with the work.
 */
const modes: Record<string, () => Promise<unknown>> = {
  'hot-path': () => import('./hot-path'),
  'round-trips': () => import('./round-trips'),
  scale: () => import('./scale'),
};
await (modes[process.argv[2] ?? ''] ?? (() => import('./run')))();
export {};
