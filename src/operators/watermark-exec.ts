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

/** Adds event times (µs) to the stats as milliseconds, truncated toward zero as Spark's `getLong(0) / 1000`. */
function addTimes(values: ArrayLike<number>, rows: number, stats: EventTimeStats): void {
  foldStats(stats, timesInMs(values, rows, stats.max, stats.min, stats.sum), rows)
}

/** `addTimes` over int64 words (low, high), without converting the column. */
function addInt64Times(words: Int32Array, rows: number, stats: EventTimeStats): void {
  foldStats(stats, int64TimesInMs(words, rows, stats.max, stats.min, stats.sum), rows)
}

/** The max and min the loops below found (module variables: see timesInMs). */
let foundMax = 0
let foundMin = 0

function foldStats(stats: EventTimeStats, sum: number, rows: number): void {
  stats.max = foundMax
  stats.min = foundMin
  stats.sum = sum
  stats.count += rows
}

/**
 * The loop of addTimes, from the stats so far: returns the sum, leaves the max and min in foundMax and foundMin. It
 * reads and writes no property after its loop: V8 compiles a long loop while it runs (OSR), before the code after it
 * has ever run, and a property read there deoptimized the function on every batch.
 */
function timesInMs(values: ArrayLike<number>, rows: number, max: number, min: number, sum: number): number {
  for (let i = 0; i < rows; i++) {
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
 * timesInMs over int64 words (low, high). The largest and smallest are taken of the microseconds, and turned into
 * milliseconds once: truncating toward zero never reorders two times, so that is the largest and smallest of the
 * milliseconds (one division a row, for the sum, which adds the milliseconds in row order as before).
 */
function int64TimesInMs(words: Int32Array, rows: number, max: number, min: number, sum: number): number {
  let largest = Number.NEGATIVE_INFINITY
  let smallest = Number.POSITIVE_INFINITY
  for (let i = 0; i < rows; i++) {
    const us = words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)
    if (us > largest) largest = us
    if (us < smallest) smallest = us
    sum += Math.trunc(us / 1000)
  }
  foundMax = Math.max(max, Math.trunc(largest / 1000))
  foundMin = Math.min(min, Math.trunc(smallest / 1000))
  return sum
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
    stats.sum += ms
    stats.count++
  }
}
