#!/usr/bin/env node
// The `kumo` command: runs the TypeScript sources through tsx, as the rest of the repository does.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main();
