// MemoryStream: a streaming source fed from the program (Spark's Scala test source), for tests and examples.
import type { RecordBatch, Row } from '../arrow/index.js'
import { maxRows, readAll } from '../connectors/read-limit.js'
import { MemoryStreamBuffer } from '../connectors/sources/memory.js'
import { streamingRelation } from '../logical/plan.js'
import { parseSchemaString } from '../types/ddl.js'
import type { StructType } from '../types/struct-type.js'
import { DataFrame } from './data-frame.js'
import type { SparkSession } from './session.js'

export interface MemoryStreamOptions {
  /** At most this many rows per micro-batch (a maxRows read limit; Trigger.Once ignores it). */
  readonly maxRowsPerTrigger?: number
}

export class MemoryStream {
  private readonly buffer: MemoryStreamBuffer

  constructor(
    private readonly session: SparkSession,
    schema: StructType | string,
    options: MemoryStreamOptions = {},
  ) {
    const limit = options.maxRowsPerTrigger === undefined ? readAll() : maxRows(options.maxRowsPerTrigger)
    this.buffer = new MemoryStreamBuffer(typeof schema === 'string' ? parseSchemaString(schema) : schema, limit)
  }

  /** Appends rows (objects, positional arrays, or an Arrow RecordBatch of the stream's schema); returns the offset. */
  addData(rows: readonly (Row | readonly unknown[])[] | RecordBatch): number {
    return this.buffer.addData(rows)
  }

  /** A streaming DataFrame over this stream (every call reads the same data). */
  toDF(): DataFrame {
    return new DataFrame(this.session, streamingRelation(this.buffer.description()))
  }
}
