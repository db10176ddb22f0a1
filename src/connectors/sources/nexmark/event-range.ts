// Visits the event numbers of one kind inside [start, end) in order, epoch by epoch (no scan of other kinds).
import type { NexmarkClock, NexmarkTable } from './config.js'

export function forEachEventOf(
  clock: NexmarkClock,
  table: NexmarkTable,
  start: number,
  end: number,
  visit: (eventNumber: number) => void,
): void {
  const total = clock.totalProportion
  const [from, to] = clock.remRange(table)
  for (let base = Math.floor(start / total) * total; base < end; base += total) {
    const first = Math.max(base + from, start)
    const last = Math.min(base + to, end)
    for (let n = first; n < last; n++) visit(n)
  }
}
