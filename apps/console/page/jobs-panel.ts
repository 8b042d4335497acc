import { path } from './admin-api';
import type { ConsoleContext } from './console-context';
import { button, byId, el, fill, json, table, when } from './dom';

interface DeadLetter {
  id: string;
  body: unknown;
  deadAt: number;
}

/** Dead letters of every job queue, each replayable. Returns the list's refresh. */
export function jobsPanel(context: ConsoleContext): () => Promise<void> {
  const { api } = context;

  async function replay(queue: string, ids: string[]): Promise<string> {
    const { replayed } = await api.call<{ replayed: string[] }>('POST', path`/v1/admin/jobs/${queue}/dead-letters/replay`, { ids });
    await refresh();
    return `Replayed ${replayed.length} job(s) of ${queue}.`;
  }
  async function refresh(): Promise<void> {
    const { queues } = await api.call<{ queues: Array<{ name: string }> }>('GET', '/v1/admin/jobs');
    const sections = await Promise.all(
      queues.map(async ({ name }) => {
        const { deadLetters } = await api.call<{ deadLetters: DeadLetter[] }>('GET', path`/v1/admin/jobs/${name}/dead-letters` + '?limit=50');
        const rows = deadLetters.map((letter) => [letter.id, when(letter.deadAt), json(letter.body), button('Replay', () => void context.run(() => replay(name, [letter.id])))]);
        return el('div', {}, el('h3', {}, `${name} (${deadLetters.length})`), table(['id', 'dead since', 'body', ''], rows));
      }),
    );
    fill('jobs-list', ...sections);
  }

  byId('jobs-refresh').addEventListener('click', () => void context.run(refresh));
  return refresh;
}
