// The console sink: each batch printed under a `Batch: N` banner in Spark's show() format.
import { concatBatches, type RecordBatch, showString, sliceBatch } from '../../arrow/index.js'
import { IllegalArgumentException } from '../../common/errors.js'
import { systemTimeZone } from '../../common/time.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'

const BANNER = '-------------------------------------------'

/** A JVM-style identity hash for descriptions such as `ConsoleTable$@7687f0e2`. */
export function identityHash(): string {
  return Math.floor(Math.random() * 0xffffffff).toString(16)
}

export class ConsoleSink implements Sink {
  readonly description = `org.apache.spark.sql.execution.streaming.ConsoleTable$@${identityHash()}`
  private readonly numRows: number
  private readonly truncate: number

  constructor(private readonly context: SinkContext) {
    this.numRows = context.options.getInt(
      'numRows',
      20,
      (v) => `Invalid value '${v}' for option 'numRows', must be an integer`,
    )
    const truncate = context.options.get('truncate')
    if (truncate === undefined || /^\s*(true|false)\s*$/i.test(truncate)) {
      this.truncate = truncate === undefined || truncate.trim().toLowerCase() === 'true' ? 20 : 0
    } else if (/^\s*\d+\s*$/.test(truncate)) {
      this.truncate = Number(truncate)
    } else {
      throw new IllegalArgumentException(
        `Invalid value '${truncate}' for option 'truncate', must be true, false or a number`,
      )
    }
  }

  addBatch(batchId: number, batch: RecordBatch): void {
    this.addBatches(batchId, [batch])
  }

  /** Prints the first numRows rows (one more is kept so the footer knows rows were left out). */
  addBatches(batchId: number, batches: readonly RecordBatch[]): void {
    const { schema } = this.context
    const wanted = Math.max(0, this.numRows) + 1
    const head: RecordBatch[] = []
    let rows = 0
    for (const batch of batches) {
      if (rows >= wanted) break
      const take = Math.min(batch.numRows, wanted - rows)
      head.push(sliceBatch(batch, schema, 0, take))
      rows += take
    }
    const zone = this.context.conf('spark.sql.session.timeZone') ?? systemTimeZone()
    const table = showString(concatBatches(schema, head), schema, {
      numRows: this.numRows,
      truncate: this.truncate,
      zone,
    })
    this.context.write(`${BANNER}\nBatch: ${batchId}\n${BANNER}\n${table}\n`)
  }
}

export const consoleProvider: SinkProvider = {
  format: 'console',
  outputModes: ['append', 'update', 'complete'],
  create: (context) => new ConsoleSink(context),
}
