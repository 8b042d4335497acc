/**
 * The machine's floor under reads of a big in-memory board: chains of dependent reads, each of a
 * random 4 KiB page of one typed array, in an array of 64 MiB and in one as large as the
 * process's heap. No Kumo code runs: the difference between the two sizes is what this machine
 * charges for touching memory spread over that many pages (TLB misses and page walks), which a
 * read of a random player on a board of millions pays once per object it reaches.
 */
import { interleaved, timedRows, type TimedRow, type TimingPlan } from './scale-timing';

/** Dependent reads per timed chain: about the objects a my-rank read reaches (score document, leaf, rows). */
const CHAIN = 10;
/** The small array: its page tables fit in the processor's caches. */
const SMALL_MIB = 64;
const PAGE_SLOTS = 4096 / Uint32Array.BYTES_PER_ELEMENT;

/** An array of `mib` MiB holding one random cycle through one slot of each of its pages. */
function pageCycle(mib: number): { slots: Uint32Array; start: number } {
  const slots = new Uint32Array((mib * 2 ** 20) / Uint32Array.BYTES_PER_ELEMENT);
  const pages = slots.length / PAGE_SLOTS;
  const order = new Uint32Array(pages);
  for (let page = 0; page < pages; page++) order[page] = page * PAGE_SLOTS + Math.floor(Math.random() * PAGE_SLOTS);
  // Sattolo's shuffle: one cycle through every page.
  for (let i = pages - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let i = 0; i < pages; i++) slots[order[i]!] = order[(i + 1) % pages]!;
  return { slots, start: order[0]! };
}

/**
 * Rows of `CHAIN` dependent page reads in a `SMALL_MIB` array (the base) and in one the size of
 * the heap in use now (at least twice the base), timed side by side as the other cases are.
 */
export async function pageWalkRows(plan: TimingPlan): Promise<TimedRow[]> {
  const heapMib = Math.max(2, Math.ceil(process.memoryUsage().heapUsed / 2 ** 20 / SMALL_MIB)) * SMALL_MIB;
  const cycles = new Map([SMALL_MIB, heapMib].map((mib) => [mib, pageCycle(mib)]));
  const positions = new Map([...cycles].map(([mib, cycle]) => [mib, cycle.start]));
  const chain = async (mib: number) => {
    const { slots } = cycles.get(mib)!;
    let at = positions.get(mib)!;
    for (let i = 0; i < CHAIN; i++) at = slots[at]!;
    positions.set(mib, at);
  };
  const figures = await interleaved([SMALL_MIB, heapMib], plan, chain);
  return timedRows(`machine floor: ${CHAIN} dependent reads of random pages, array of n MiB`, figures, null);
}
