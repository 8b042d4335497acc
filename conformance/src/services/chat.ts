import { expect, it } from 'vitest';
import { CHAT_FANOUT_QUEUE, ChatService, FANOUT_PAGE_SIZE, PORTS, resolve, SERVICES, type ChatMessage, type Queue } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceScenarios } from './context';
import { pollJobsUntil } from './poll-jobs';

/** Chat: messages by time, a push per message to each subscriber through a queued fan-out. */
export const chatScenarios: ServiceScenarios = (context) => {
  const { container, mobile } = context;
  const pushesOf = (messageId: string) => mobile.sent.filter((s) => s.event.type === 'chat.message' && s.event.data.id === messageId);

  it('pushes a message to every subscriber but its author; offline ones get it by mobile push through the queue', async () => {
    const chat = resolve(container(), SERVICES.Chat);
    const [author, bea, cal, dan] = [unique('author'), unique('bea'), unique('cal'), unique('dan')];
    const room = await chat.createRoom(author, 'guild hall');
    await chat.subscribe(bea, room.id);
    await chat.subscribe(cal, room.id);
    await chat.subscribe(cal, room.id);
    const hello = await chat.post(author, room.id, 'hello guild');
    expect(hello).toMatchObject({ roomId: room.id, userId: author, text: 'hello guild' });
    await pollJobsUntil(context, () => pushesOf(hello.id).length >= 2);
    expect(pushesOf(hello.id).map((p) => p.userId).sort()).toEqual([bea, cal].sort());
    expect(pushesOf(hello.id)[0]!.event.data).toEqual(hello);

    await chat.unsubscribe(cal, room.id);
    const second = await chat.post(dan, room.id, 'a passer-by');
    await pollJobsUntil(context, () => pushesOf(second.id).length >= 2);
    expect(pushesOf(second.id).map((p) => p.userId).sort()).toEqual([author, bea].sort());
  }, 60_000);

  it('lists messages newest first, a page at a time', async () => {
    const chat = resolve(container(), SERVICES.Chat);
    const author = unique('poster');
    const room = await chat.createRoom(author, 'log');
    const posted: ChatMessage[] = [];
    for (let i = 0; i < 5; i++) posted.push(await chat.post(author, room.id, `message ${i}`));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await chat.messages(room.id, { limit: 2, cursor });
      expect(page.messages.length).toBeLessThanOrEqual(2);
      seen.push(...page.messages.map((m) => m.text));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['message 4', 'message 3', 'message 2', 'message 1', 'message 0']);
    await chat.deleteMessage(room.id, posted[2]!.id);
    expect((await chat.messages(room.id)).messages.map((m) => m.text)).toEqual(['message 4', 'message 3', 'message 1', 'message 0']);
    await expect(chat.deleteMessage(room.id, posted[2]!.id)).rejects.toMatchObject({ code: 'message_not_found' });
    await expect(chat.post(author, unique('nowhere'), 'hi')).rejects.toMatchObject({ code: 'room_not_found' });
    await expect(chat.post(author, room.id, '   ')).rejects.toMatchObject({ code: 'invalid_text' });
  }, 90_000);

  it('posts once per requestId: a retried post, also two concurrent ones, gives one message and one push per subscriber', async () => {
    const chat = resolve(container(), SERVICES.Chat);
    const [author, bea, cal] = [unique('author'), unique('bea'), unique('cal')];
    const room = await chat.createRoom(author, 'retries');
    await chat.subscribe(bea, room.id);
    await chat.subscribe(cal, room.id);
    const first = await chat.post(author, room.id, 'once', 'retry-1');
    expect(await chat.post(author, room.id, 'once', 'retry-1')).toEqual(first);
    const racing = await Promise.all([chat.post(author, room.id, 'twice at once', 'retry-2'), chat.post(author, room.id, 'twice at once', 'retry-2')]);
    expect(racing[1]).toEqual(racing[0]);
    await expect(chat.post(author, room.id, 'other text', 'retry-1')).rejects.toMatchObject({ code: 'reference_reused' });
    const other = await chat.post(bea, room.id, 'once', 'retry-1');
    expect(other.id).not.toBe(first.id);
    expect((await chat.messages(room.id)).messages.map((m) => m.id)).toEqual([other.id, racing[0]!.id, first.id]);

    const ids = [first.id, racing[0]!.id];
    await pollJobsUntil(context, () => ids.every((id) => pushesOf(id).length >= 2));
    await pollJobsUntil(context, () => false, 1500);
    for (const id of ids) expect(pushesOf(id).map((p) => p.userId).sort()).toEqual([bea, cal].sort());
  }, 60_000);

  it(`fans out to a room larger than one page (${FANOUT_PAGE_SIZE}) in several queued jobs, once per subscriber`, async () => {
    const chat = resolve(container(), SERVICES.Chat);
    const host = unique('host');
    const room = await chat.createRoom(host, 'town square');
    const crowd = Array.from({ length: FANOUT_PAGE_SIZE + 5 }, (_, i) => unique(`c${i}`));
    for (const userId of crowd) await chat.subscribe(userId, room.id);
    const message = await chat.post(host, room.id, 'welcome, everyone');
    await pollJobsUntil(context, () => pushesOf(message.id).length >= crowd.length);
    expect(pushesOf(message.id).map((p) => p.userId).sort()).toEqual([...crowd].sort());
  }, 60_000);

  it('fans out a post whose fan-out could not be queued: when the client retries it, or with the next fan-out of the room', async () => {
    const get = container();
    const queue = resolve(get, PORTS.Queue);
    let failures = 0;
    const flaky: Queue = {
      capabilities: queue.capabilities,
      async send(name, body, options) {
        if (name === CHAT_FANOUT_QUEUE && failures > 0) {
          failures--;
          throw new Error('queue unavailable');
        }
        return queue.send(name, body, options);
      },
      receive: (name, options) => queue.receive(name, options),
      ack: (name, message) => queue.ack(name, message),
      retry: (name, message, delaySeconds) => queue.retry(name, message, delaySeconds),
    };
    const chat = new ChatService(resolve(get, PORTS.Store), flaky, resolve(get, PORTS.Ids), resolve(get, PORTS.Clock), resolve(get, SERVICES.Notifier));
    const [author, bea] = [unique('author'), unique('bea')];
    const room = await chat.createRoom(author, 'flaky');
    await chat.subscribe(bea, room.id);

    failures = 1;
    await expect(chat.post(author, room.id, 'retried', 'post-1')).rejects.toThrow('queue unavailable');
    const retried = await chat.post(author, room.id, 'retried', 'post-1');
    failures = 1;
    await expect(chat.post(author, room.id, 'given up')).rejects.toThrow('queue unavailable');
    const [givenUp] = (await chat.messages(room.id)).messages;
    expect(givenUp).toMatchObject({ text: 'given up' });
    const next = await chat.post(bea, room.id, 'anyone there?');
    await pollJobsUntil(context, () => [retried.id, givenUp!.id].every((id) => pushesOf(id).length >= 1) && pushesOf(next.id).length >= 1);
    for (const id of [retried.id, givenUp!.id]) expect(pushesOf(id).map((p) => p.userId)).toEqual([bea]);
    expect(pushesOf(next.id).map((p) => p.userId)).toEqual([author]);
  }, 120_000);
};
