import { AdminApi, ApiProblem, SignInNeeded } from './admin-api';
import { catalogPanel } from './catalog-panel';
import type { Action, ConsoleContext } from './console-context';
import { dashboardPanel } from './dashboard-panel';
import { byId, el, fields, setField } from './dom';
import { jobsPanel } from './jobs-panel';
import { leaderboardsPanel } from './leaderboards-panel';
import { ledgerPanel } from './ledger-panel';
import { playerPanel } from './player-panel';
import { policiesPanel } from './policies-panel';
import { storeProductsPanel } from './store-products-panel';
import { auditPanel } from './audit-panel';
import { operatorsPanel } from './operators-panel';

const api = new AdminApi();
const signInForm = byId<HTMLFormElement>('sign-in-form');
const problem = byId('problem');
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/** Shows one line to the operator: a problem (red) or what was done (green). */
function say(text: string, kind: 'problem' | 'info'): void {
  problem.textContent = text;
  problem.className = kind;
  problem.hidden = false;
}

/** Shows the sign-in form instead of the panels, with a note on why. */
function askToSignIn(note: string): void {
  api.signOut();
  clearTimeout(expiryTimer);
  byId('sign-in-note').textContent = note;
  for (const id of ['panels', 'nav', 'sign-out']) byId(id).hidden = true;
  // What this session saw is not left for the next one, who may not be allowed to see it.
  for (const list of document.querySelectorAll('#panels [id$="-list"], #player-view > div[id]')) list.replaceChildren();
  byId('player-view').hidden = true;
  byId('sign-in').hidden = false;
  byId('session').textContent = '';
}

/** Reports an action's outcome; API problems are shown as their `code: message`. */
async function run(action: Action): Promise<void> {
  problem.hidden = true;
  try {
    const done = await action();
    if (done) say(done, 'info');
  } catch (error) {
    if (error instanceof SignInNeeded) askToSignIn(error.message);
    else if (error instanceof ApiProblem) say(`${error.code}: ${error.message}${issues(error.details)}`, 'problem');
    else say(error instanceof Error ? error.message : String(error), 'problem');
  }
}

/** The field problems of an `invalid_request`, one per line. */
function issues(details: unknown): string {
  const list = (details as { issues?: Array<{ path?: unknown[]; message?: string }> } | undefined)?.issues ?? [];
  return list.map((issue) => `\n  ${(issue.path ?? []).join('.') || '(body)'}: ${issue.message ?? ''}`).join('');
}

const context: ConsoleContext = { api, run };
playerPanel(context);
const refreshers = [dashboardPanel(context), catalogPanel(context), storeProductsPanel(context), ledgerPanel(context), policiesPanel(context), jobsPanel(context), leaderboardsPanel(context), operatorsPanel(context), auditPanel(context)];

/** Fills a panel at sign-in; a panel the operator's roles do not allow (403) stays empty instead of raising a problem. */
const fillIfAllowed = (refresh: () => Promise<void>) => () =>
  refresh().catch((error: unknown) => {
    if (!(error instanceof ApiProblem && error.status === 403)) throw error;
  });

/**
 * The API origins the operator confirmed: the one the console was built for (`<meta name="kumo-api">`,
 * also its CSP `connect-src`), else the page's own origin. `?api=` only picks among them: the
 * admin key is never sent anywhere else.
 */
function confirmedApis(): string[] {
  const built = document.querySelector<HTMLMetaElement>('meta[name="kumo-api"]')?.content;
  return built ? built.split(/\s+/).filter(Boolean) : [location.origin];
}

const apis = confirmedApis();
const asked = new URLSearchParams(location.search).get('api')?.replace(/\/+$/, '');
signInForm.querySelector('select[name=api]')!.replaceChildren(...apis.map((origin) => el('option', origin === asked ? { value: origin, selected: '' } : { value: origin }, origin)));
if (asked && !apis.includes(asked)) say(`Ignored ?api=${asked}: this console only signs in to ${apis.join(', ')}.`, 'problem');
signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(async () => {
    const { api: base = '', adminKey = '', operatorId = '' } = fields(signInForm);
    if (!apis.includes(base)) throw new Error(`${base} is not an API this console was served or built for`);
    const expiresAt = await api.signIn(base, adminKey, operatorId || undefined);
    setField(signInForm, 'adminKey', '');
    byId('sign-in').hidden = true;
    for (const id of ['panels', 'nav', 'sign-out']) byId(id).hidden = false;
    const who = operatorId ? `as ${operatorId}` : 'with the admin key';
    byId('session').textContent = `Signed in to ${base} ${who}; the admin token expires at ${new Date(expiresAt).toLocaleTimeString()}`;
    expiryTimer = setTimeout(() => askToSignIn('The admin token expired: sign in again.'), expiresAt - Date.now());
    for (const refresh of refreshers) await run(fillIfAllowed(refresh));
  });
});
byId('sign-out').addEventListener('click', () => askToSignIn('Signed out. Sign in again to go on.'));
