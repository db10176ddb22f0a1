// The console sink: each batch printed under a `Batch: N` banner in Spark's show() format.
import { type RecordBatch, showString } from '../../arrow/index.js'
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
    const zone = this.context.conf('spark.sql.session.timeZone') ?? systemTimeZone()
    const table = showString(batch, this.context.schema, { numRows: this.numRows, truncate: this.truncate, zone })
    this.context.write(`${BANNER}\nBatch: ${batchId}\n${BANNER}\n${table}\n`)
  }
}

export const consoleProvider: SinkProvider = {
  format: 'console',
  outputModes: ['append', 'update', 'complete'],
  create: (context) => new ConsoleSink(context),
}
