import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { button, byId, fields, fill, integer, setField, table, when } from './dom';

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

/** An inbox grant as an operator reads it: `30 free (ios)`, `potion × 3`. */
export function describeGrant(grant: unknown): string {
  const g = grant as { type?: string; slot?: string; paid?: number; free?: number; itemId?: string; count?: number };
  if (g.type === 'currency') return [g.paid ? `${g.paid} paid` : '', g.free ? `${g.free} free` : ''].filter(Boolean).join(' + ') + ` (${g.slot})`;
  if (g.type === 'item') return `${g.itemId} × ${g.count}`;
  return JSON.stringify(grant);
}

/**
 * Player lookup (wallet, receipts, inventory, inbox, policies) and the credit, gift and attach
 * forms. The forms act only on the player shown, whose id heads the view: editing the id field
 * hides them until that player is looked up, a failed lookup hides the last one, and money asks
 * for confirmation naming the player.
 */
export function playerPanel(context: ConsoleContext): void {
  const { api } = context;
  const lookup = byId<HTMLFormElement>('player-lookup');
  const credit = byId<HTMLFormElement>('credit');
  const gift = byId<HTMLFormElement>('gift');
  const attach = byId<HTMLFormElement>('attach-policy');
  const view = byId('player-view');
  /** The player whose data is on screen and whom the forms act on ('' when none). */
  let shown = '';
  const user = (userId = shown) => path`/v1/admin/users/${userId}`;

  function hide(): void {
    shown = '';
    view.hidden = true;
  }

  async function load(userId: string): Promise<void> {
    const { balances } = await api.call<{ balances: Balance[] }>('GET', `${user(userId)}/wallet`);
    const pages = await Promise.all(balances.map((b) => api.call<{ receipts: Receipt[] }>('GET', `${user(userId)}/wallet/${encodeURIComponent(b.slot)}/receipts?limit=10`)));
    const receipts = pages.flatMap((page) => page.receipts).sort((a, b) => b.at - a.at);
    const { items } = await api.call<{ items: Array<{ itemId: string; count: number; capacity: number }> }>('GET', `${user(userId)}/inventory`);
    const unread = await api.call<{ messages: Message[] }>('GET', `${user(userId)}/inbox?status=unread&limit=20`);
    const read = await api.call<{ messages: Message[] }>('GET', `${user(userId)}/inbox?status=read&limit=20`);
    const { policies } = await api.call<{ policies: string[] }>('GET', `${user(userId)}/policies`);

    fill('player-shown', `Player ${userId}`);
    fill('player-wallet', table(['slot', 'paid', 'free', 'total'], balances.map((b) => [b.slot, b.paid, b.free, b.total])));
    fill('player-receipts', table(['at', 'slot', 'kind', 'paid', 'free', 'reference'], receipts.map((r) => [when(r.at), r.slot, r.kind, r.paid, r.free, r.reference])));
    fill('player-inventory', table(['item', 'count', 'capacity'], items.map((h) => [h.itemId, h.count, h.capacity])));
    const inbox = [...unread.messages, ...read.messages];
    fill('player-inbox', table(['sent', 'title', 'grants', 'expires', 'read'], inbox.map((m) => [when(m.sentAt), m.title, m.grants.map(describeGrant).join(', ') || '—', when(m.expiresAt), when(m.readAt)])));
    fill('player-policies', table(['policy', ''], policies.map((name) => [name, button('Detach', () => void context.run(() => detach(name)))])));
    shown = userId;
    view.hidden = false;
  }

  async function detach(name: string): Promise<string> {
    await api.call('DELETE', `${user()}/policies/${encodeURIComponent(name)}`);
    await load(shown);
    return `Detached ${name} from player ${shown}.`;
  }

  lookup.addEventListener('input', () => {
    if ((fields(lookup).userId ?? '') !== shown) hide();
  });
  onSubmit(context, lookup, async () => {
    hide();
    setField(credit, 'receiptId', newReceiptId());
    await load(fields(lookup).userId ?? '');
  });
  onSubmit(context, credit, async () => {
    const { slot = '', paid, free, receiptId } = fields(credit);
    const target = shown;
    if (!confirm(`Credit ${integer(paid)} paid and ${integer(free)} free (${slot}) to player ${target}?`)) return 'Credit cancelled: nothing was deposited.';
    const receipt = await api.call<Receipt>('POST', `${user(target)}/wallet/${encodeURIComponent(slot)}/deposit`, { receiptId, paid: integer(paid), free: integer(free) });
    setField(credit, 'receiptId', newReceiptId());
    await load(target);
    return `Credited ${receipt.paid} paid and ${receipt.free} free to ${slot} of player ${target} (receipt ${receipt.id}).`;
  });
  onSubmit(context, gift, async () => {
    const { title, body, slot, free, itemId, count } = fields(gift);
    const target = shown;
    const grants: unknown[] = [];
    if (integer(free) > 0) grants.push({ type: 'currency', slot, free: integer(free) });
    if (itemId) grants.push({ type: 'item', itemId, count: integer(count) });
    if (grants.length > 0 && !confirm(`Send "${title}" with ${grants.map(describeGrant).join(', ')} to player ${target}?`)) return 'Gift cancelled: nothing was sent.';
    const message = await api.call<Message>('POST', `${user(target)}/inbox`, { title, body, grants });
    await load(target);
    return `Sent "${message.title}" with ${grants.length} grant(s) to player ${target}.`;
  });
  onSubmit(context, attach, async () => {
    const { name = '' } = fields(attach);
    const target = shown;
    await api.call('PUT', `${user(target)}/policies/${encodeURIComponent(name)}`);
    await load(target);
    return `Attached ${name} to player ${target}.`;
  });
}
