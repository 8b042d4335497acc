import { createMemoryPorts, memoryModule, type MemoryStore } from '@kumo/adapter-memory';
import { coreModule, createContainer, resolve, SERVICES, type Receipt, type Secrets } from '@kumo/core';
import type { Container } from 'inversify';

/** Fixed secrets for the tests (never used outside them). */
const testSecrets: Secrets = { get: (name) => `test-${name}-0123456789abcdef` };

/** The services over an embedded store (a migration's first or last hop). */
export function servicesOn(store?: MemoryStore): { container: Container; store: MemoryStore } {
  const ports = createMemoryPorts();
  const wired = store ? { ...ports, store } : ports;
  return { container: createContainer(memoryModule(wired), coreModule({ secrets: testSecrets })), store: wired.store };
}

/** What a seeded world holds, to be read back on the last backend. */
export interface World {
  players: string[];
  board: string;
  rooms: string[];
  itemId: string;
}

/**
 * Seeds a game world through the real services: `players` players, each with deposits and a
 * withdrawal (wallet and receipts), items, an inbox message, a leaderboard score; chat rooms with
 * messages.
 */
export async function seedWorld(container: Container, players: number): Promise<World> {
  const accounts = resolve(container, SERVICES.Accounts);
  const wallet = resolve(container, SERVICES.Wallet);
  const inventory = resolve(container, SERVICES.Inventory);
  const inbox = resolve(container, SERVICES.Inbox);
  const leaderboard = resolve(container, SERVICES.Leaderboard);
  const chat = resolve(container, SERVICES.Chat);
  const world: World = { players: [], board: 'season-1', rooms: [], itemId: 'potion' };
  await inventory.defineItem({ itemId: world.itemId, name: 'Potion', capacity: 50, price: 10 });
  for (let i = 0; i < 4; i++) world.rooms.push((await chat.createRoom(`founder-${i}`, `guild ${i}`)).id);
  await Promise.all(
    Array.from({ length: players }, async (_, i) => {
      const { userId } = await accounts.create();
      world.players.push(userId);
      await wallet.deposit(userId, 'ios', { receiptId: `r-${i}-a`, paid: 100 + i, free: 20 });
      await wallet.deposit(userId, 'ios', { receiptId: `r-${i}-b`, paid: i % 7, free: 5 });
      await wallet.withdraw(userId, 'ios', { amount: 15 + (i % 11), order: 'free_first' });
      await inventory.acquire(userId, world.itemId, { count: 1 + (i % 9) });
      await inbox.send(userId, { title: `welcome ${i}`, grants: [{ type: 'currency', slot: 'ios', paid: 0, free: 3 }] });
      await leaderboard.submit(userId, world.board, (i * 37) % 1000);
      await chat.post(userId, world.rooms[i % world.rooms.length]!, `hello from player ${i}`);
    }),
  );
  await leaderboard.aggregate(world.board);
  return world;
}

/** Each player's balance, Σ of receipts, holdings and the top of the board, as the services read them. */
export async function readWorld(container: Container, world: World) {
  const wallet = resolve(container, SERVICES.Wallet);
  const inventory = resolve(container, SERVICES.Inventory);
  const players = await Promise.all(
    world.players.map(async (userId) => {
      const receipts: Receipt[] = [];
      let cursor: string | undefined;
      do {
        const page = await wallet.receipts(userId, 'ios', { limit: 50, cursor });
        receipts.push(...page.receipts);
        cursor = page.cursor;
      } while (cursor);
      const balance = await wallet.balance(userId, 'ios');
      return {
        userId,
        balance: { paid: balance.paid, free: balance.free },
        receipts: { paid: receipts.reduce((sum, r) => sum + r.paid, 0), free: receipts.reduce((sum, r) => sum + r.free, 0) },
        holdings: await inventory.holdings(userId),
      };
    }),
  );
  const top = await resolve(container, SERVICES.Leaderboard).top(world.board, 100);
  return { players, top: top.entries.map((entry) => [entry.userId, entry.score, entry.rank]) };
}
