import type { SoakRandom } from './random';
import type { SoakServices, SoakStoreProduct, SoakWorld } from './types';

/** How big a world to set up. */
export interface WorldOptions {
  /** Run-unique tag for names (modes) that a reused backend might already hold. */
  tag: string;
  players: number;
  /** At most this many calls at once while setting up. */
  concurrency: number;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachLimited<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** A currency code (ISO 4217 shape, not a real one) of the run, so its paid-currency report is the run's alone. */
function soakCurrency(tag: string): string {
  const hash = [...tag].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % (26 * 26), 0);
  return `Q${String.fromCharCode(65 + Math.floor(hash / 26))}${String.fromCharCode(65 + (hash % 26))}`;
}

/**
 * Sets up the soak's world without faults: players, two purchasable items with room for all the
 * soak grants, a stamina that does not regenerate during a run, boards, chat rooms with
 * subscribers (creator included), two matchmaking modes and a store product per platform (a
 * currency pack with an item).
 */
export async function setUpWorld(services: SoakServices, random: SoakRandom, options: WorldOptions): Promise<SoakWorld> {
  const players = (await eachLimited(Array.from({ length: options.players }), options.concurrency, () => services.accounts.create())).map((account) => account.userId);
  const items = [
    { itemId: 'soak-sword', price: 10 },
    { itemId: 'soak-potion', price: 3 },
  ];
  for (const { itemId, price } of items) await services.inventory.defineItem({ itemId, name: itemId, capacity: 1_000_000, price });
  const staminaId = 'soak-energy';
  const staminaMax = 300;
  await services.stamina.defineModel({ staminaId, max: staminaMax, recoverIntervalSeconds: 7 * 24 * 3600, recoverAmount: 1, itemRecovery: null, currencyRecovery: null });
  const rooms = await eachLimited(Array.from({ length: 4 }, (_, index) => index), options.concurrency, async (index) => {
    const creator = random.pick(players);
    const room = await services.chat.createRoom(creator, `soak room ${index}`);
    const subscribers = new Set([creator]);
    while (subscribers.size < Math.min(9, players.length)) subscribers.add(random.pick(players));
    for (const userId of subscribers) await services.chat.subscribe(userId, room.id);
    return { roomId: room.id, subscribers: [...subscribers] };
  });
  const currency = soakCurrency(options.tag);
  const storeProducts: SoakStoreProduct[] = [
    { platform: 'apple', productId: `gems-${options.tag}`, slot: 'ios', paid: 120, free: 10, itemId: 'soak-potion', count: 2, price: 480, currency },
    { platform: 'google', productId: `gems-${options.tag}`, slot: 'android', paid: 50, free: 0, itemId: 'soak-sword', count: 1, price: 250, currency },
  ];
  for (const { itemId, count, ...product } of storeProducts) await services.purchases.defineProduct({ ...product, items: [{ itemId, count }] });
  return {
    tag: options.tag,
    storeProducts,
    players,
    hotPlayer: players[0]!,
    slots: ['ios', 'android'],
    items,
    staminaId,
    staminaMax,
    boards: ['soak-daily', 'soak-event'],
    rooms,
    modes: [
      { mode: `duel-${options.tag}`, capacity: 2 },
      { mode: `squad-${options.tag}`, capacity: 4 },
    ],
  };
}
