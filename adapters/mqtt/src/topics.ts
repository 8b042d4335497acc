/**
 * MQTT topic layout shared by the server side (`MqttPush`) and game clients (`connectAsUser`).
 *
 * - `{prefix}/users/{user}/events`: events for one user; every connection of the user subscribes.
 * - `{prefix}/presence/{user}/{connection}`: one retained message per live connection. The client
 *   sets it when it connects and clears it (empty retained payload) when it leaves; its Last Will
 *   clears it when the connection dies, so the broker itself keeps presence.
 *
 * User ids are percent-encoded so that any character (`/`, `+`, `#`, unicode) stays inside one
 * topic level.
 */
export interface TopicLayout {
  /** Topic of a user's events. */
  events(userId: string): string;
  /** Retained presence topic of one connection of a user. */
  presence(userId: string, connectionId: string): string;
  /** Filter matching the presence topics of every user. */
  presenceFilter: string;
  /** The user and connection a presence topic belongs to, or `undefined` for another topic. */
  parsePresence(topic: string): { userId: string; connectionId: string } | undefined;
}

/** Default topic prefix. */
export const DEFAULT_TOPIC_PREFIX = 'kumo';

/** The topic layout under `prefix` (no trailing slash). */
export function topicLayout(prefix = DEFAULT_TOPIC_PREFIX): TopicLayout {
  const level = (value: string) => encodeURIComponent(value);
  const presenceRoot = `${prefix}/presence/`;
  return {
    events: (userId) => `${prefix}/users/${level(userId)}/events`,
    presence: (userId, connectionId) => `${presenceRoot}${level(userId)}/${level(connectionId)}`,
    presenceFilter: `${presenceRoot}+/+`,
    parsePresence(topic) {
      if (!topic.startsWith(presenceRoot)) return undefined;
      const parts = topic.slice(presenceRoot.length).split('/');
      if (parts.length !== 2) return undefined;
      return { userId: decodeURIComponent(parts[0]!), connectionId: decodeURIComponent(parts[1]!) };
    },
  };
}
