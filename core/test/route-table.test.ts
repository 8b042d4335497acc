import { describe, expect, it } from 'vitest';
import { ROUTE_TABLE } from '../src/route-table';
import { mountedRoutes } from '../scripts/mounted-routes';

describe('route table', () => {
  it('holds every route the features mount, with its action and role (else run npm run routes -w @kumo/core)', async () => {
    expect(ROUTE_TABLE).toEqual(await mountedRoutes());
  });
});
