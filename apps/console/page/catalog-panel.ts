import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { button, byId, fields, fill, integer, setField, table } from './dom';

interface ItemModel {
  itemId: string;
  name: string;
  capacity: number;
  price: number | null;
}

/** The item catalog: list, and create or replace an item model. Returns the list's refresh. */
export function catalogPanel(context: ConsoleContext): () => Promise<void> {
  const { api } = context;
  const form = byId<HTMLFormElement>('item');

  const edit = (item: ItemModel) => {
    for (const [name, value] of Object.entries(item)) setField(form, name, value === null ? '' : String(value));
  };
  async function refresh(): Promise<void> {
    const { items } = await api.call<{ items: ItemModel[] }>('GET', '/v1/admin/items?limit=100');
    fill('catalog-list', table(['item', 'name', 'capacity', 'price', ''], items.map((item) => [item.itemId, item.name, item.capacity, item.price, button('Edit', () => edit(item))])));
  }

  onSubmit(context, form, async () => {
    const { itemId = '', name, capacity, price } = fields(form);
    await api.call('PUT', path`/v1/admin/items/${itemId}`, { name, capacity: integer(capacity), price: price ? integer(price) : null });
    await refresh();
    return `Saved item ${itemId}.`;
  });
  return refresh;
}
