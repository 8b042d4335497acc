import type { FetchLike } from './retrying-fetch';
import type { Session } from './session';

/**
 * Wraps `fetch` so that each request carries the session's bearer token (unless it sets its own
 * `Authorization`), and a 401 answer to it is followed by one new login and one more try: a
 * token that expired (or a server that restarted with new keys) never reaches the game.
 */
export function authorizedFetch(fetch: FetchLike, session: Session): FetchLike {
  return async (request) => {
    if (request.headers.has('authorization')) return fetch(request);
    const token = await session.token();
    if (!token) return fetch(request);
    const first = request.clone();
    first.headers.set('authorization', `Bearer ${token}`);
    const response = await fetch(first);
    if (response.status !== 401) return response;
    const renewed = await session.renewAfterRefusal(token).catch(() => undefined);
    if (!renewed) return response;
    await response.body?.cancel();
    request.headers.set('authorization', `Bearer ${renewed}`);
    return fetch(request);
  };
}
