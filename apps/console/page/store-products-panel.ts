import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { button, byId, fields, fill, integer, setField, table } from './dom';

interface StoreProduct {
  platform: 'apple' | 'google';
  productId: string;
  slot: string;
  paid: number;
  free: number;
  items: Array<{ itemId: string; count: number }>;
  price: number;
  currency: string;
}

/** Store products (App Store and Google Play): list, and create or replace one. Returns the list's refresh. */
export function storeProductsPanel(context: ConsoleContext): () => Promise<void> {
  const { api } = context;
  const form = byId<HTMLFormElement>('store-product');

  const edit = (product: StoreProduct) => {
    for (const name of ['platform', 'productId', 'slot', 'paid', 'free', 'price', 'currency'] as const) setField(form, name, String(product[name]));
    setField(form, 'items', product.items.map((item) => `${item.itemId}:${item.count}`).join(','));
  };
  async function refresh(): Promise<void> {
    const { items } = await api.call<{ items: StoreProduct[] }>('GET', '/v1/admin/store-products?limit=100');
    const rows = items.map((p) => [p.platform, p.productId, p.slot, p.paid, p.free, p.items.map((i) => `${i.itemId} × ${i.count}`).join(', '), `${p.price} ${p.currency}`, button('Edit', () => edit(p))]);
    fill('store-product-list', table(['store', 'product', 'slot', 'paid', 'free', 'items', 'price (minor units)', ''], rows));
  }

  onSubmit(context, form, async () => {
    const { platform = 'apple', productId = '', slot, paid, free, items = '', price, currency } = fields(form);
    const grants = items
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => ({ itemId: entry.split(':')[0] ?? '', count: integer(entry.split(':')[1] ?? '1') }));
    await api.call('PUT', path`/v1/admin/store-products/${platform}/${productId}`, { slot, paid: integer(paid), free: integer(free), items: grants, price: integer(price), currency });
    await refresh();
    return `Saved ${platform} product ${productId}.`;
  });
  return refresh;
}
