import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { button, byId, fields, fill, setField, table, when } from './dom';

interface Operator {
  operatorId: string;
  roles: string[];
  disabled: boolean;
  updatedAt: number;
}

/**
 * Named operators (`/v1/admin/operators`): list them with their roles, create one with a password
 * and roles, disable or enable one. Returns the list's refresh.
 */
export function operatorsPanel(context: ConsoleContext): () => Promise<void> {
  const { api } = context;
  const form = byId<HTMLFormElement>('operator');

  async function setDisabled(operator: Operator, disabled: boolean): Promise<string> {
    await api.call('POST', path`/v1/admin/operators/${operator.operatorId}/${disabled ? 'disable' : 'enable'}`);
    await refresh();
    return `${disabled ? 'Disabled' : 'Enabled'} operator ${operator.operatorId}.`;
  }
  async function refresh(): Promise<void> {
    const { operators } = await api.call<{ operators: Operator[] }>('GET', '/v1/admin/operators');
    const rows = operators.map((operator) => [
      operator.operatorId,
      operator.roles.join(', ') || 'none',
      operator.disabled ? 'disabled' : 'active',
      when(operator.updatedAt),
      button(operator.disabled ? 'Enable' : 'Disable', () => void context.run(() => setDisabled(operator, !operator.disabled))),
    ]);
    fill('operator-list', table(['operator', 'roles', 'state', 'updated', ''], rows));
  }

  onSubmit(context, form, async () => {
    const { operatorId = '', password = '', roles = '' } = fields(form);
    const roleList = roles.split(',').map((role) => role.trim()).filter(Boolean);
    await api.call('POST', '/v1/admin/operators', { operatorId, password, roles: roleList });
    setField(form, 'password', '');
    await refresh();
    return `Created operator ${operatorId} (${roleList.join(', ') || 'no roles'}).`;
  });
  return refresh;
}
