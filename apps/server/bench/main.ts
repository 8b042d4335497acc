/** `npm run bench [-- hot-path | scale]`: the core figures per backend (default), Kumo's hot path against bare Hono baselines, or how latency grows with the work. */
const which = process.argv[2];
await import(which === 'hot-path' ? './hot-path' : which === 'scale' ? './scale' : './run');
export {};
