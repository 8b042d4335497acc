/** A chat room: a shared document in its own partition, with its messages and subscribers. */
export interface Room {
  [field: string]: unknown;
  id: string;
  name: string;
  createdBy: string;
  createdAt: number;
}

/** A posted message. Its id is time-ordered, so the key order of messages is their posting order. */
export interface ChatMessage {
  [field: string]: unknown;
  id: string;
  roomId: string;
  userId: string;
  text: string;
  at: number;
}

/** A page of messages, newest first; `cursor` continues with older ones. */
export interface MessagePage {
  messages: ChatMessage[];
  cursor?: string;
}

/** Longest message, in characters. */
export const MAX_MESSAGE_LENGTH = 1000;
/** Longest room name, in characters. */
export const MAX_ROOM_NAME_LENGTH = 64;
