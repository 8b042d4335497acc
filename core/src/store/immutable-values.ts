/** Document values marked by their writers as never changing. */
const marked = new WeakSet<object>();

/**
 * Marks a document value that its writer, and every reader it hands the value to, will never
 * change, nor anything in it (a rank-tree node: nodes are immutable). A store that copies values
 * in and out to isolate callers (the embedded store) may keep and hand out this very object
 * instead: reading it back then costs no copy. Other stores serialize it as any value. Returns
 * `value`.
 */
export function immutableValue<T extends object>(value: T): T {
  marked.add(value);
  return value;
}

/** Whether `value` was marked with `immutableValue`. */
export function isImmutableValue(value: object): boolean {
  return marked.has(value);
}
