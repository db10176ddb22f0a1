// EventTimeWatermarkExec: passes rows through and records min/max/avg event time, from which the runtime advances
// the watermark (max event time minus the delay) after the batch.
import { bitAt, columnsOf, numbersOf, type RecordBatch, validityOf } from '../arrow/index.js'
import type { Attribute } from '../expr/expression.js'
import { explainExpr } from '../logical/explain-expr.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

/** Event-time statistics of one batch, in milliseconds (Spark's EventTimeStats). */
export interface EventTimeStats {
  max: number
  min: number
  sum: number
  count: number
}

export const emptyStats = (): EventTimeStats => ({
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
  sum: 0,
  count: 0,
})

export class WatermarkExec implements Operator {
  readonly schema: StructType
  readonly stats: EventTimeStats = emptyStats()
  private readonly column: number
  /** Event time of a window column is its `end`. */
  private readonly field: number

  constructor(
    readonly id: string,
    readonly eventTime: Attribute,
    readonly delayMs: number,
    input: readonly Attribute[],
  ) {
    this.schema = schemaOf(input)
    this.column = input.findIndex((a) => a.id === eventTime.id)
    this.field =
      eventTime.dataType.kind === 'struct' ? eventTime.dataType.fields.findIndex((f) => f.name === 'end') : -1
  }

  display(): string {
    return `EventTimeWatermark ${explainExpr(this.eventTime)}: ${this.delayMs / 1000} seconds`
  }

  beginBatch(): void {
    Object.assign(this.stats, emptyStats())
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    const column = columnsOf(batch)[this.column]!
    const times = this.field >= 0 ? column.children[this.field]! : column
    const values = numbersOf(times)
    const validity = validityOf(times)
    const parentValidity = this.field >= 0 ? validityOf(column) : null
    const stats = this.stats
    for (let i = 0; i < batch.numRows; i++) {
      if ((validity !== null && !bitAt(validity, i)) || (parentValidity !== null && !bitAt(parentValidity, i))) continue
      const ms = Math.floor(values[i]! / 1000)
      if (ms > stats.max) stats.max = ms
      if (ms < stats.min) stats.min = ms
      stats.sum += ms
      stats.count++
    }
    out.emit(batch)
  }
}
