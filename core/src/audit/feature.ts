import type { Feature } from '../feature';
import { PORTS, resolve } from '../container';
import type { Clock } from '../ports/clock';
import type { Ids } from '../ports/ids';
import type { Store } from '../ports/store';
import { SERVICES } from '../services/tokens';
import { AuditTrail } from './audit-trail';

/** The audit trail of admin writes (recorded by `recordAdminWrites`, which `createApp` mounts) and its read route. */
export const auditFeature: Feature = {
  name: 'audit',
  bind({ bind }) {
    bind(SERVICES.Audit).toResolvedValue((store: Store, ids: Ids, clock: Clock) => new AuditTrail(store, ids, clock), [PORTS.Store, PORTS.Ids, PORTS.Clock]);
  },
  async routes(app, { container }) {
    const { auditRoutes } = await import('./routes');
    auditRoutes(app, resolve(container, SERVICES.Audit));
  },
};
