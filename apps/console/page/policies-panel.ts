import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { button, byId, fields, fill, setField, table, when } from './dom';

interface PolicyRecord {
  name: string;
  document: { Statement: unknown[] };
  updatedAt: number;
  builtIn?: boolean;
}

/** IAM policies (core/src/policy/README.md): list, and create or replace a document. Returns the list's refresh. */
export function policiesPanel(context: ConsoleContext): () => Promise<void> {
  const { api } = context;
  const form = byId<HTMLFormElement>('policy');

  const edit = (policy: PolicyRecord) => {
    setField(form, 'name', policy.name);
    setField(form, 'document', JSON.stringify(policy.document, null, 2));
  };
  async function refresh(): Promise<void> {
    const { policies } = await api.call<{ policies: PolicyRecord[] }>('GET', '/v1/admin/policies?limit=100');
    const rows = policies.map((policy) => [policy.name, policy.document.Statement.length, when(policy.updatedAt), button('Edit', () => edit(policy))]);
    fill('policy-list', table(['policy', 'statements', 'updated', ''], rows));
  }

  onSubmit(context, form, async () => {
    const { name = '', document = '' } = fields(form);
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch (error) {
      throw new Error(`The policy document is not valid JSON: ${(error as Error).message}`);
    }
    await api.call('PUT', path`/v1/admin/policies/${name}`, parsed);
    await refresh();
    return `Saved policy ${name}.`;
  });
  return refresh;
}
