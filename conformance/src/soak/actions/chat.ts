import type { SoakAction } from '../types';
import { settle } from './record';

/** The player posts to a room, with a request id; the text names the request so checks can find the post. */
export const post: SoakAction = {
  name: 'chat',
  weight: 12,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const { roomId } = random.pick(world.rooms);
    const requestId = nextId('post');
    const text = `soak post ${requestId}`;
    const outcome = await client.call(() => services.chat.post(userId, roomId, text, requestId));
    settle(ledger, outcome, (message) => ledger.posts.push({ roomId, userId, text, messageId: message.id }));
    return true;
  },
};
