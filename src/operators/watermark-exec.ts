// EventTimeWatermarkExec: passes rows through and records min/max/avg event time, from which the runtime advances
// the watermark (max event time minus the delay, which the plan node carries) after the batch.
//
// The statistics follow Spark's EventTimeStats exactly: each batch the operator processes is one of Spark's partitions
// (a MemoryStream's addData block is one), whose rows update a running mean, `avg += (t - avg) / count`, in row order;
// partitions are merged by weighted mean (mergeStats). The running mean drifts from the exact mean by its rounding
// (2 ms over a Nexmark micro-batch's 92,000 times), and progress prints it, so it is kept as Spark does: a division per row
// on a dependency chain, the one cost here that cannot be cut.
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
import { type EventTimeStats, emptyStats, mergeStats } from './event-time-stats.js'
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
    const part = emptyStats()
    if (validity !== null || parentValidity !== null)
      addSomeTimes(numbersOf(times), rows, validity, parentValidity, part)
    else if (words !== null) addInt64Times(words, rows, part)
    else addTimes(numbersOf(times), rows, part)
    mergeStats(this.stats, part)
    out.emit(batch)
  }
}

/**
 * Adds event times (µs) to a batch's stats (empty) as milliseconds, truncated toward zero as Spark's
 * `getLong(0) / 1000`.
 */
function addTimes(values: ArrayLike<number>, rows: number, stats: EventTimeStats): void {
  timesInMs(values, rows)
  stats.max = foundMax
  stats.min = foundMin
  stats.avg = foundAvg
  stats.count = rows
}

/** What the loops below found (module variables: see timesInMs). */
let foundMax = 0
let foundMin = 0
let foundAvg = 0
let outOfRange = 0

/**
 * The loop of addTimes: leaves the max, min and running mean (the count is the row's index plus one) in foundMax,
 * foundMin and foundAvg. It reads and writes no property after its loop: V8 compiles a long loop while it runs (OSR),
 * before the code after it has ever run, and a property read there (`Math.max` is one) deoptimized the function every
 * batch.
 */
function timesInMs(values: ArrayLike<number>, rows: number): void {
  let max = Number.NEGATIVE_INFINITY
  let min = Number.POSITIVE_INFINITY
  let avg = 0
  for (let i = 0; i < rows; i++) {
    const ms = Math.trunc(values[i]! / 1000)
    if (ms > max) max = ms
    if (ms < min) min = ms
    avg += (ms - avg) / (i + 1)
  }
  foundMax = max
  foundMin = min
  foundAvg = avg
}

/**
 * `addTimes` over int64 words (low, high), without converting the column and without a second division per row: each
 * time is read as its offset from a base B, a whole millisecond under the first row's time by 2^30 µs (18 minutes)
 * or so, an int32 when the time lies in [B, B + 2^31 µs). Then its milliseconds are B / 1000 plus the offset / 1000
 * (an int32 division by a constant, which V8 turns into a multiplication). A batch with a time outside that range
 * (or before 1970, where truncating toward zero is not flooring) takes addTimes.
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
  const baseMs = base / 1000
  relativeTimes(words, rows, baseHigh, baseLow, baseLow | 0, baseMs)
  if (outOfRange !== 0) {
    addTimes(numbersOf64(words, rows), rows, stats)
    return
  }
  stats.max = baseMs + ((foundMax / 1000) | 0)
  stats.min = baseMs + ((foundMin / 1000) | 0)
  stats.avg = foundAvg
  stats.count = rows
}

/**
 * The loop of addInt64Times: leaves the largest and smallest offset in foundMax and foundMin, the running mean of the
 * times (ms) in foundAvg, and in outOfRange nonzero where some time lies outside [base, base + 2^31). A time's offset is its low word minus the base's, as an int32; it
 * is the whole offset when the high word of the 64-bit difference (the high words' difference less the borrow from
 * the low words) is zero and the offset is not negative. Readable form, per row: `us = high * 2^32 + low;
 * ms = Math.floor(us / 1000); avg += (ms - avg) / (i + 1)`.
 */
function relativeTimes(
  words: Int32Array,
  rows: number,
  baseHigh: number,
  baseLow: number,
  baseLowWord: number,
  baseMs: number,
): void {
  let most = 0
  let least = 0x7fffffff
  let outside = 0
  let avg = 0
  for (let i = 0; i < rows; i++) {
    const low = words[2 * i]!
    const offset = (low - baseLowWord) | 0
    outside |= (words[2 * i + 1]! - baseHigh - (low >>> 0 < baseLow ? 1 : 0)) | 0 | (offset >> 31)
    const offsetMs = (offset / 1000) | 0
    most = offset > most ? offset : most
    least = offset < least ? offset : least
    avg += (baseMs + offsetMs - avg) / (i + 1)
  }
  foundMax = most
  foundMin = least
  foundAvg = avg
  outOfRange = outside
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
  for (let i = 0; i < rows; i++) {
    if ((validity !== null && !bitAt(validity, i)) || (parentValidity !== null && !bitAt(parentValidity, i))) continue
    const ms = Math.trunc(values[i]! / 1000)
    if (ms > stats.max) stats.max = ms
    if (ms < stats.min) stats.min = ms
    stats.count++
    stats.avg += (ms - stats.avg) / stats.count
  }
}
