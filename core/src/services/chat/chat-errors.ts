import { KumoError } from '../../ports/errors';

/** No room with this id. */
export class RoomNotFound extends KumoError {
  constructor(roomId: string) {
    super('not_found', 'room_not_found', `no chat room ${roomId}`, { roomId });
  }
}

/** No message with this id in the room. */
export class ChatMessageNotFound extends KumoError {
  constructor(roomId: string, messageId: string) {
    super('not_found', 'message_not_found', `no message ${messageId} in room ${roomId}`, { roomId, messageId });
  }
}

/** A message or room name that is empty, blank or too long. */
export class InvalidText extends KumoError {
  constructor(field: string, max: number) {
    super('invalid', 'invalid_text', `${field} must have 1..${max} characters and not be blank`, { field, max });
  }
}
