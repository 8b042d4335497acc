import { path } from './admin-api';
import { onSubmit, type ConsoleContext } from './console-context';
import { byId, fields, fill, json, table } from './dom';

interface FlowTotal {
  quantity: number;
  value: number;
}

interface PaidCurrencyReport {
  at: string;
  currencies: Array<{ currency: string; issued: FlowTotal; used: FlowTotal; refunded: FlowTotal; outstanding: FlowTotal }>;
}

const flow = (total: FlowTotal) => `${total.quantity} (${total.value})`;

/** The paid-currency report at a base date, and the lookup of one store transaction's claim. Returns the report's refresh. */
export function ledgerPanel(context: ConsoleContext): () => Promise<void> {
  const { api } = context;
  const reportForm = byId<HTMLFormElement>('ledger-report');
  const claimForm = byId<HTMLFormElement>('purchase-claim');

  async function refresh(): Promise<void> {
    const at = fields(reportForm).at || new Date().toISOString().slice(0, 10);
    const report = await api.call<PaidCurrencyReport>('GET', `/v1/admin/reports/paid-currency?at=${encodeURIComponent(at)}`);
    const rows = report.currencies.map((c) => [c.currency, flow(c.issued), flow(c.used), flow(c.refunded), flow(c.outstanding)]);
    fill('ledger-list', table(['currency', 'issued', 'used', 'refunded', 'outstanding'], rows));
  }

  onSubmit(context, reportForm, refresh);
  onSubmit(context, claimForm, async () => {
    const { platform = 'apple', transactionId = '' } = fields(claimForm);
    fill('purchase-claim-view', json(await api.call('GET', path`/v1/admin/purchases/${platform}/${transactionId}`)));
  });
  return refresh;
}
