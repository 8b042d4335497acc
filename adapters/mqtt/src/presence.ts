/** Live connections per user, fed by the retained presence messages the broker delivers. */
export class PresenceTable {
  private readonly connections = new Map<string, Set<string>>();

  /** Records that a connection went online (`online`) or away. */
  set(userId: string, connectionId: string, online: boolean): void {
    let set = this.connections.get(userId);
    if (online) {
      if (!set) this.connections.set(userId, (set = new Set()));
      set.add(connectionId);
      return;
    }
    set?.delete(connectionId);
    if (set?.size === 0) this.connections.delete(userId);
  }

  /** Forgets every connection (the broker is about to replay the live ones). */
  clear(): void {
    this.connections.clear();
  }

  /** Whether the user has a live connection. */
  has(userId: string): boolean {
    return (this.connections.get(userId)?.size ?? 0) > 0;
  }
}
