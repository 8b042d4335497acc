import type { AccountService, ChatService, InboxService, InventoryService, LeaderboardService, MatchmakingService, PurchaseService, StaminaService, StorePlatform, WalletService } from '@kumo/core';
import type { AppleTestSigner, GooglePlayStandIn } from '@kumo/core/testing';
import type { SoakClient } from './client';
import type { SoakLedger } from './ledger';
import type { SoakRandom } from './random';
import type { DeliveryLog, PartitionRecorder } from './recorders';

/** The services the soak drives, resolved from the container as any app resolves them. */
export interface SoakServices {
  accounts: AccountService;
  wallet: WalletService;
  inventory: InventoryService;
  inbox: InboxService;
  stamina: StaminaService;
  leaderboard: LeaderboardService;
  chat: ChatService;
  matchmaking: MatchmakingService;
  /** Store purchases, verified against the soak's test App Store signer and Play stand-in. */
  purchases: PurchaseService;
}

/** The stores the soak's players buy in: a test App Store signer and a local Google Play stand-in. */
export interface SoakStores {
  apple: AppleTestSigner;
  play: GooglePlayStandIn;
  bundleId: string;
  packageName: string;
}

/** A store product of the soak: one per platform, credited to that platform's slot. */
export interface SoakStoreProduct {
  platform: StorePlatform;
  productId: string;
  slot: string;
  paid: number;
  free: number;
  /** An item it grants too (one of `SoakWorld.items`), and how many. */
  itemId: string;
  count: number;
  price: number;
  currency: string;
}

/** A chat room of the soak and the players subscribed to it. */
export interface SoakRoom {
  roomId: string;
  subscribers: string[];
}

/** What the soak set up before the run: players, catalog, boards, rooms, modes. */
export interface SoakWorld {
  /** A run-unique tag in names that would otherwise meet a previous run's documents. */
  tag: string;
  players: string[];
  /** The player that gets `hotShare` of the actions, many at once. */
  hotPlayer: string;
  slots: string[];
  /** Purchasable items (price per unit) with room for everything the soak grants. */
  items: Array<{ itemId: string; price: number }>;
  staminaId: string;
  staminaMax: number;
  boards: string[];
  rooms: SoakRoom[];
  /** Store products, one per platform. */
  storeProducts: SoakStoreProduct[];
  /** Matchmaking modes, each joined at most once per player. */
  modes: Array<{ mode: string; capacity: number }>;
}

/** What an action and an invariant see. */
export interface SoakContext {
  services: SoakServices;
  stores: SoakStores;
  world: SoakWorld;
  ledger: SoakLedger;
  client: SoakClient;
  random: SoakRandom;
  deliveries: DeliveryLog;
  partitions: PartitionRecorder;
  /** Unique ids for idempotency keys (`<prefix>-<n>`), reproducible per seed. */
  nextId(prefix: string): string;
}

/**
 * One kind of game action the soak mixes in, as a client does it: it picks its inputs, calls the
 * service through `context.client` (retrying failures with the same idempotency key) and writes
 * what was accepted into `context.ledger`. Returns false if it has nothing left to do for this
 * player (another action is drawn instead).
 */
export interface SoakAction {
  name: string;
  /** Relative frequency among the actions. */
  weight: number;
  run(context: SoakContext, userId: string): Promise<boolean>;
}

/** The result of one invariant check. */
export interface InvariantResult {
  /** What holds, in words (`Σ receipts = balance`). */
  name: string;
  /** How many things were checked (slots, gifts, posts, ...). */
  checked: number;
  /** One line per violation, naming the player, document or request. */
  violations: string[];
}

/** A property of the stored state that must hold after the run, checked against the ledger. */
export interface Invariant {
  check(context: SoakContext): Promise<InvariantResult>;
}
