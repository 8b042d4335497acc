import type { ConsoleContext } from './console-context';
import { byId, fill, table } from './dom';

interface HotBoard {
  board: string;
  submissions: number;
  error: number;
  share: number;
}

/** The boards that took most submissions on the serving instance. Returns the list's refresh. */
export function leaderboardsPanel(context: ConsoleContext): () => Promise<void> {
  async function refresh(): Promise<void> {
    const { boards } = await context.api.call<{ boards: HotBoard[] }>('GET', '/v1/admin/leaderboards/hot?limit=10');
    fill('leaderboards-list', table(['board', 'submissions', 'share', '± error'], boards.map((b) => [b.board, b.submissions, `${(b.share * 100).toFixed(1)} %`, b.error])));
  }
  byId('leaderboards-refresh').addEventListener('click', () => void context.run(refresh));
  return refresh;
}
