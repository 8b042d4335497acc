import { expect, it } from 'vitest';
import { MOBILE_PUSH_QUEUE, resolve, SERVICES } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceScenarios } from './context';

/** The offline fallback: live push first, else mobile push through the job queue. */
export const notifierScenarios: ServiceScenarios = ({ container, mobile }) => {
  it('hands an event for an offline user to mobile push through the job queue', async () => {
    const notifier = resolve(container(), SERVICES.Notifier);
    const jobs = resolve(container(), SERVICES.Jobs);
    const user = unique('offline');
    expect(await notifier.notify(user, { type: 'inbox.new', data: { from: 'ops' } })).toBe('queued');
    const deadline = Date.now() + 20_000;
    while (!mobile.sent.some((s) => s.userId === user) && Date.now() < deadline) await jobs.poll(1);
    expect(mobile.sent.filter((s) => s.userId === user)).toEqual([{ userId: user, event: { type: 'inbox.new', data: { from: 'ops' } } }]);
    expect(jobs.queues()).toContain(MOBILE_PUSH_QUEUE);
  }, 90_000);
};
