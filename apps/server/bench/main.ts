/**
 * `npm run bench [-- hot-path | round-trips]`: the core figures per backend (default); Kumo's hot
 * path against bare Hono baselines; or Kumo's store path against hand-written SDK code on the emulators.
 */
const modes: Record<string, () => Promise<unknown>> = { 'hot-path': () => import('./hot-path'), 'round-trips': () => import('./round-trips') };
await (modes[process.argv[2] ?? ''] ?? (() => import('./run')))();
export {};
