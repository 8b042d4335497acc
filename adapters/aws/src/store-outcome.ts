import { CommitUnknown, Conflict } from '@kumo/core';
import { isLostResponse, type AwsError } from './store-errors';
import { commitsOf, type Item } from './store-item';

/** A failed condition as DynamoDB reports it with `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
type ConditionFailure = Omit<AwsError, 'CancellationReasons'> & {
  Item?: Item;
  CancellationReasons?: Array<{ Code?: string; Item?: Item }>;
};

/**
 * Settles a failed commit whose batch wrote commit id `commitId` (the Store port's commit trail):
 * returns if the failure proves the batch landed, else throws what the port says.
 *
 * A condition failure returns the items as they were (`ALL_OLD`). If one lists `commitId`, the
 * batch is what failed the condition: an SDK retry of a call whose response was lost, so the
 * commit landed. Otherwise a failure on a call the SDK sent more than once may still hide the
 * first send's success (a delete leaves no trace, a later writer may have replaced the item):
 * `CommitUnknown`, which core resolves. A failure on the first send is a `Conflict`. A lost
 * response (timeout, 5xx) is `CommitUnknown`.
 */
export function settleCommitFailure(error: unknown, commitId: string | undefined): void {
  if (error instanceof Conflict) {
    const cause = error.cause as ConditionFailure | undefined;
    const old = [cause?.Item, ...(cause?.CancellationReasons ?? []).map((reason) => reason.Item)];
    if (commitId !== undefined && old.some((item) => item !== undefined && commitsOf(item)?.includes(commitId))) return;
    if ((cause?.$metadata?.attempts ?? 1) > 1) throw new CommitUnknown('a condition failed on a write DynamoDB received more than once', { error: cause?.name });
    throw error;
  }
  if (isLostResponse(error)) throw new CommitUnknown('no answer from DynamoDB to a write', { error: (error as AwsError).name });
  throw error;
}
