// Admission control of KafkaMicroBatchStream.latestOffset(start, limit) as pure functions: minOffsetsPerTrigger with
// maxTriggerDelay, and maxOffsetsPerTrigger split over partitions in proportion to their backlog.
import { compositeLimit, maxRows, minRows, type ReadLimit, readAll } from '../read-limit.js'
import type { PartitionOffsets } from './kafka-offsets.js'

/** The source's default read limit from its options (`getDefaultReadLimit`). */
export function kafkaDefaultReadLimit(options: {
  readonly maxOffsetsPerTrigger: number | undefined
  readonly minOffsetsPerTrigger: number | undefined
  readonly maxTriggerDelayMs: number
}): ReadLimit {
  const { maxOffsetsPerTrigger: max, minOffsetsPerTrigger: min, maxTriggerDelayMs } = options
  const lower = min === undefined ? undefined : minRows(min, maxTriggerDelayMs)
  const upper = max === undefined ? undefined : maxRows(max)
  if (lower && upper) return compositeLimit(lower, upper)
  return lower ?? upper ?? readAll()
}

/** Partitions in `until` that `from` lacks: their start is their earliest offset (Spark fetches it lazily). */
export function newPartitions(from: PartitionOffsets, until: PartitionOffsets): string[] {
  return [...until.keys()].filter((tp) => !from.has(tp))
}

/**
 * `rateLimit`: at most `limit` offsets in all. A partition with a backlog `size = end - begin > 0` gets
 * `p = limit * (size / total)` (the same double arithmetic as Spark), rounded up when p < 1 so a small partition is
 * never starved, down otherwise; it ends at `min(end, begin + that)`. Partitions without a backlog keep their end;
 * with less than one offset in total nothing is limited. `earliestOfNew` gives the start of partitions not in `from`.
 */
export function rateLimit(
  limit: number,
  from: PartitionOffsets,
  until: PartitionOffsets,
  earliestOfNew: PartitionOffsets,
): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const [tp, end] of until) {
    const begin = from.get(tp) ?? earliestOfNew.get(tp)
    if (begin !== undefined && end - begin > 0) sizes.set(tp, end - begin)
  }
  let total = 0
  for (const size of sizes.values()) total += size
  if (total < 1) return new Map(until)
  const out = new Map<string, number>()
  for (const [tp, end] of until) {
    const size = sizes.get(tp)
    if (size === undefined) {
      out.set(tp, end)
      continue
    }
    const begin = from.get(tp) ?? earliestOfNew.get(tp)!
    const prorate = limit * (size / total)
    const prorateLong = prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate)
    out.set(tp, Math.min(end, begin + prorateLong))
  }
  return out
}

/**
 * `delayBatch`: whether to skip this trigger because fewer than `minRows` new offsets exist. Once `maxTriggerDelayMs`
 * passed since the last trigger the batch runs whatever its size. Partitions missing from `current` count from 0, as in
 * Spark. Returns the decision and the new last-trigger time (moved to `nowMs` whenever a batch runs).
 */
export function delayBatch(
  minRows: number,
  latest: PartitionOffsets,
  current: PartitionOffsets,
  maxTriggerDelayMs: number,
  nowMs: number,
  lastTriggerMs: number,
): { readonly delay: boolean; readonly lastTriggerMs: number } {
  if (nowMs - lastTriggerMs >= maxTriggerDelayMs) return { delay: false, lastTriggerMs: nowMs }
  let newRecords = 0
  for (const [tp, offset] of latest) newRecords += offset - (current.get(tp) ?? 0)
  if (newRecords < minRows) return { delay: true, lastTriggerMs }
  return { delay: false, lastTriggerMs: nowMs }
}

/** What `admit` needs besides the offsets: the clock, the last trigger, and the start of new partitions. */
export interface AdmissionState {
  readonly nowMs: number
  readonly lastTriggerMs: number
  /** Called only when a maxRows limit must split offsets over partitions that `start` lacks. */
  readonly earliestOf: (partitions: readonly string[]) => Promise<PartitionOffsets>
}

/**
 * The end offsets of the next batch (`latestOffset(start, limit)` after the latest offsets are known): everything
 * when the limit includes `all`; else `start` itself when minRows delays the batch; else the maxRows split; else all.
 */
export async function admit(
  limit: ReadLimit,
  start: PartitionOffsets,
  latest: PartitionOffsets,
  state: AdmissionState,
): Promise<{ readonly end: PartitionOffsets; readonly lastTriggerMs: number }> {
  const limits = limit.kind === 'composite' ? limit.limits : [limit]
  let lastTriggerMs = state.lastTriggerMs
  if (limits.some((l) => l.kind === 'all')) return { end: latest, lastTriggerMs }
  const lower = limits.find((l): l is Extract<ReadLimit, { kind: 'minRows' }> => l.kind === 'minRows')
  if (lower !== undefined) {
    const decision = delayBatch(lower.minRows, latest, start, lower.maxTriggerDelayMs, state.nowMs, lastTriggerMs)
    lastTriggerMs = decision.lastTriggerMs
    if (decision.delay) return { end: start, lastTriggerMs }
  }
  const upper = limits.find((l): l is Extract<ReadLimit, { kind: 'maxRows' }> => l.kind === 'maxRows')
  if (upper !== undefined) {
    const fresh = newPartitions(start, latest)
    const earliest = fresh.length === 0 ? new Map<string, number>() : await state.earliestOf(fresh)
    return { end: rateLimit(upper.maxRows, start, latest, earliest), lastTriggerMs }
  }
  return { end: latest, lastTriggerMs }
}
