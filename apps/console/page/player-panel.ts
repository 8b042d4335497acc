import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { button, byId, fields, fill, integer, json, setField, table, when } from './dom';

interface Balance {
  slot: string;
  paid: number;
  free: number;
  total: number;
}
interface Receipt {
  id: string;
  slot: string;
  kind: string;
  paid: number;
  free: number;
  reference: string | null;
  at: number;
}
interface Message {
  id: string;
  title: string;
  grants: unknown[];
  sentAt: number;
  expiresAt: number;
  readAt: number | null;
}

/** A fresh receipt id for a manual credit (the operator may type the store's instead). */
const newReceiptId = () => `console-${crypto.randomUUID()}`;

/** Player lookup (wallet, receipts, inventory, inbox, policies) and the credit, gift and attach forms. */
export function playerPanel(context: ConsoleContext): void {
  const { api } = context;
  const lookup = byId<HTMLFormElement>('player-lookup');
  const credit = byId<HTMLFormElement>('credit');
  const gift = byId<HTMLFormElement>('gift');
  const attach = byId<HTMLFormElement>('attach-policy');
  let userId = '';
  const user = () => path`/v1/admin/users/${userId}`;

  async function load(): Promise<void> {
    const { balances } = await api.call<{ balances: Balance[] }>('GET', `${user()}/wallet`);
    const pages = await Promise.all(balances.map((b) => api.call<{ receipts: Receipt[] }>('GET', `${user()}/wallet/${encodeURIComponent(b.slot)}/receipts?limit=10`)));
    const receipts = pages.flatMap((page) => page.receipts).sort((a, b) => b.at - a.at);
    const { items } = await api.call<{ items: Array<{ itemId: string; count: number; capacity: number }> }>('GET', `${user()}/inventory`);
    const unread = await api.call<{ messages: Message[] }>('GET', `${user()}/inbox?status=unread&limit=20`);
    const read = await api.call<{ messages: Message[] }>('GET', `${user()}/inbox?status=read&limit=20`);
    const { policies } = await api.call<{ policies: string[] }>('GET', `${user()}/policies`);

    fill('player-wallet', table(['slot', 'paid', 'free', 'total'], balances.map((b) => [b.slot, b.paid, b.free, b.total])));
    fill('player-receipts', table(['at', 'slot', 'kind', 'paid', 'free', 'reference'], receipts.map((r) => [when(r.at), r.slot, r.kind, r.paid, r.free, r.reference])));
    fill('player-inventory', table(['item', 'count', 'capacity'], items.map((h) => [h.itemId, h.count, h.capacity])));
    const inbox = [...unread.messages, ...read.messages];
    fill('player-inbox', table(['sent', 'title', 'grants', 'expires', 'read'], inbox.map((m) => [when(m.sentAt), m.title, json(m.grants), when(m.expiresAt), when(m.readAt)])));
    fill('player-policies', table(['policy', ''], policies.map((name) => [name, button('Detach', () => void context.run(() => detach(name)))])));
    byId('player-view').hidden = false;
  }

  async function detach(name: string): Promise<string> {
    await api.call('DELETE', `${user()}/policies/${encodeURIComponent(name)}`);
    await load();
    return `Detached ${name}.`;
  }

  onSubmit(context, lookup, async () => {
    userId = fields(lookup).userId ?? '';
    setField(credit, 'receiptId', newReceiptId());
    await load();
  });
  onSubmit(context, credit, async () => {
    const { slot = '', paid, free, receiptId } = fields(credit);
    const receipt = await api.call<Receipt>('POST', `${user()}/wallet/${encodeURIComponent(slot)}/deposit`, { receiptId, paid: integer(paid), free: integer(free) });
    setField(credit, 'receiptId', newReceiptId());
    await load();
    return `Credited ${receipt.paid} paid and ${receipt.free} free to ${slot} (receipt ${receipt.id}).`;
  });
  onSubmit(context, gift, async () => {
    const { title, body, slot, free, itemId, count } = fields(gift);
    const grants: unknown[] = [];
    if (integer(free) > 0) grants.push({ type: 'currency', slot, free: integer(free) });
    if (itemId) grants.push({ type: 'item', itemId, count: integer(count) });
    const message = await api.call<Message>('POST', `${user()}/inbox`, { title, body, grants });
    await load();
    return `Sent "${message.title}" with ${grants.length} grant(s).`;
  });
  onSubmit(context, attach, async () => {
    const { name = '' } = fields(attach);
    await api.call('PUT', `${user()}/policies/${encodeURIComponent(name)}`);
    await load();
    return `Attached ${name}.`;
  });
}
