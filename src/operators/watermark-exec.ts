// EventTimeWatermarkExec: passes rows through and records min/max/avg event time, from which the runtime advances
// the watermark (max event time minus the delay, which the plan node carries) after the batch.
import {
  bitAt,
  columnsOf,
  numbersOf,
  type RecordBatch,
  TWO_32,
  unconvertedInt64Words,
  validityOf,
} from '../arrow/index.js'
import type { Attribute } from '../expr/expression.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type EventTimeStats, emptyStats } from './event-time-stats.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

export class WatermarkExec implements Operator {
  readonly schema: StructType
  private stats: EventTimeStats = emptyStats()
  private readonly column: number
  /** Event time of a window column is its `end`. */
  private readonly field: number

  constructor(eventTime: Attribute, input: readonly Attribute[]) {
    this.schema = schemaOf(input)
    this.column = input.findIndex((a) => a.id === eventTime.id)
    this.field =
      eventTime.dataType.kind === 'struct' ? eventTime.dataType.fields.findIndex((f) => f.name === 'end') : -1
  }

  /** The event times seen since the last call (the runtime takes them once per batch). */
  takeEventTimeStats(): EventTimeStats {
    const stats = this.stats
    this.stats = emptyStats()
    return stats
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    const column = columnsOf(batch)[this.column]!
    const times = this.field >= 0 ? column.children[this.field]! : column
    const validity = validityOf(times)
    const parentValidity = this.field >= 0 ? validityOf(column) : null
    const rows = batch.numRows
    const words = unconvertedInt64Words(times)
    if (validity !== null || parentValidity !== null)
      addSomeTimes(numbersOf(times), rows, validity, parentValidity, this.stats)
    else if (words !== null) addInt64Times(words, rows, this.stats)
    else addTimes(numbersOf(times), rows, this.stats)
    out.emit(batch)
  }
}

/**
 * Sums of this many milliseconds are exact in a double (times under 2^53 µs are under 2^43 ms), so the loops below sum
 * that many rows as doubles before adding them to the bigint sum.
 */
const CHUNK = 512

/** Adds event times (µs) to the stats as milliseconds, truncated toward zero as Spark's `getLong(0) / 1000`. */
function addTimes(values: ArrayLike<number>, rows: number, stats: EventTimeStats): void {
  for (let from = 0; from < rows; from += CHUNK) {
    const sum = timesInMs(values, from, Math.min(rows, from + CHUNK), stats.max, stats.min)
    stats.max = foundMax
    stats.min = foundMin
    stats.sum += BigInt(sum)
  }
  stats.count += rows
}

/** The max and min the loops below found, and whether relativeTimes met a row out of its range (module variables). */
let foundMax = 0
let foundMin = 0
let outOfRange = 0

/**
 * The loop of addTimes over rows [from, to), from the stats so far: returns the sum, leaves the max and min in foundMax
 * and foundMin. It reads and writes no property after its loop: V8 compiles a long loop while it runs (OSR), before
 * the code after it has ever run, and a property read there (`Math.max` is one) deoptimized the function every batch.
 */
function timesInMs(values: ArrayLike<number>, from: number, to: number, max: number, min: number): number {
  let sum = 0
  for (let i = from; i < to; i++) {
    const ms = Math.trunc(values[i]! / 1000)
    if (ms > max) max = ms
    if (ms < min) min = ms
    sum += ms
  }
  foundMax = max
  foundMin = min
  return sum
}

/**
 * `addTimes` over int64 words (low, high), without converting the column and without a division per row: each time is
 * read as its offset from a base B, a whole millisecond under the first row's time by 2^30 µs (18 minutes) or so, an
 * int32 when the time lies in [B, B + 2^31 µs). Then its milliseconds are B / 1000 plus the offset / 1000 (an int32
 * division by a constant, which V8 turns into a multiplication), and the sum is rows · B / 1000 plus the offsets' sum.
 * A batch with a time outside that range (or before 1970, where truncating toward zero is not flooring) takes addTimes.
 */
function addInt64Times(words: Int32Array, rows: number, stats: EventTimeStats): void {
  if (rows === 0) return
  const first = words[1]! * TWO_32 + (words[0]! >>> 0)
  const base = 1000 * Math.floor((first - 2 ** 30) / 1000)
  if (base < 0 || base > Number.MAX_SAFE_INTEGER) {
    addTimes(numbersOf64(words, rows), rows, stats)
    return
  }
  const baseHigh = Math.floor(base / TWO_32)
  const baseLow = base - baseHigh * TWO_32
  const offsetsMs = relativeTimes(words, rows, baseHigh, baseLow, baseLow | 0)
  if (outOfRange !== 0) {
    addTimes(numbersOf64(words, rows), rows, stats)
    return
  }
  const baseMs = base / 1000
  stats.max = Math.max(stats.max, baseMs + ((foundMax / 1000) | 0))
  stats.min = Math.min(stats.min, baseMs + ((foundMin / 1000) | 0))
  stats.sum += BigInt(baseMs) * BigInt(rows) + BigInt(offsetsMs)
  stats.count += rows
}

/**
 * The loop of addInt64Times: returns the sum of each row's offset from the base (µs) / 1000, leaves the largest and
 * smallest offset in foundMax and foundMin, and in outOfRange nonzero where some time lies outside [base, base + 2^31).
 * A time's offset is its low word minus the base's, as an int32; it is the whole offset when the high word of the
 * 64-bit difference (the high words' difference less the borrow from the low words) is zero and the offset is not
 * negative. Readable form, per row: `us = high * 2^32 + low; sum += Math.floor((us - base) / 1000)`.
 */
function relativeTimes(
  words: Int32Array,
  rows: number,
  baseHigh: number,
  baseLow: number,
  baseLowWord: number,
): number {
  let sum = 0
  let most = 0
  let least = 0x7fffffff
  let outside = 0
  for (let i = 0; i < rows; i++) {
    const low = words[2 * i]!
    const offset = (low - baseLowWord) | 0
    outside |= (words[2 * i + 1]! - baseHigh - (low >>> 0 < baseLow ? 1 : 0)) | 0 | (offset >> 31)
    sum += (offset / 1000) | 0
    most = offset > most ? offset : most
    least = offset < least ? offset : least
  }
  foundMax = most
  foundMin = least
  outOfRange = outside
  return sum
}

/** The int64 words' values as doubles (exact under 2^53), for the rare batch relativeTimes cannot take. */
function numbersOf64(words: Int32Array, rows: number): Float64Array {
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) out[i] = words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)
  return out
}

/** `addTimes` skipping rows whose time (or the window holding it) is null. */
function addSomeTimes(
  values: ArrayLike<number>,
  rows: number,
  validity: Uint8Array | null,
  parentValidity: Uint8Array | null,
  stats: EventTimeStats,
): void {
  let sum = 0
  let summed = 0
  for (let i = 0; i < rows; i++) {
    if ((validity !== null && !bitAt(validity, i)) || (parentValidity !== null && !bitAt(parentValidity, i))) continue
    const ms = Math.trunc(values[i]! / 1000)
    if (ms > stats.max) stats.max = ms
    if (ms < stats.min) stats.min = ms
    sum += ms
    stats.count++
    if (++summed === CHUNK) {
      stats.sum += BigInt(sum)
      sum = 0
      summed = 0
    }
  }
  stats.sum += BigInt(sum)
}
