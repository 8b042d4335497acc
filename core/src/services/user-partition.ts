/**
 * Every service keeps a player's own documents in ONE partition, under its own key prefix
 * (`account:`, `wallet:`, `inventory:`, ...). A request that changes several of them — buying an
 * item with currency, opening a gift — is then a single-partition transaction, which every
 * adapter can commit atomically (Cosmos DB cannot span partitions).
 */
export const userPartition = (userId: string) => `user:${userId}`;
