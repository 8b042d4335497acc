import { randomBytes } from 'node:crypto';

/** A name no other test run uses, so suites need no cleanup between cases or runs. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
