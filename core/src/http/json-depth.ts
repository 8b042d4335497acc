import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { hasBody } from './has-body';
import { InvalidRequest } from './problem';

/** Deepest nesting of arrays and objects a JSON request body may have (Kumo's own bodies need 4). */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in a JSON text (strings skipped); a linear scan, no parsing. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Refuses, with 400 `too_deep`, a JSON request body nested deeper than `maxDepth`, before auth or
 * any handler sees it (deep bodies cost stack in every JSON walker). The body is read once here
 * (the body limit already bounds it) and the handler reads the same text from Hono's cache.
 */
export function limitJsonDepth(maxDepth = MAX_JSON_DEPTH): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (hasBody(c) && c.req.header('content-type')?.toLowerCase().includes('json')) {
      const depth = jsonDepth(await c.req.text());
      if (depth > maxDepth) throw new InvalidRequest(`the JSON body nests ${depth} levels deep; at most ${maxDepth} are allowed`, { maxDepth }, 'too_deep');
    }
    await next();
  };
}
