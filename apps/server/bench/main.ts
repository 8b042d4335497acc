/** `npm run bench [-- hot-path]`: the core figures per backend (default), or Kumo's hot path against bare Hono baselines. */
await import(process.argv[2] === 'hot-path' ? './hot-path' : './run');
export {};
