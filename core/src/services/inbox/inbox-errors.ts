import { KumoError, NotFound } from '../../ports/errors';

/** The player has no message with this id. */
export class MessageNotFound extends NotFound {
  constructor(messageId: string) {
    super(`no message ${messageId}`, { messageId }, 'message_not_found');
  }
}

/** The message expired before it was read; its grants can no longer be received. */
export class MessageExpired extends KumoError {
  constructor(details: { messageId: string; expiresAt: number }) {
    super('conflict', 'message_expired', `message ${details.messageId} has expired`, details);
  }
}
