// DuckDB, the in-process columnar peer: the same Arrow batches loaded into in-memory tables (int64 and timestamp
// buffers copied as they are, strings by their UTF-8 bytes: no JS value per cell), then each query run as a batch.
import {
  BIGINT,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBMaterializedResult,
  type DuckDBType,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api'
import bindings from '@duckdb/node-bindings'
import { columnsOf, fromArrowSchema, type RecordBatch } from '../../src/arrow/index.js'
import type { StructType } from '../../src/index.js'

const CHUNK_ROWS = 2048

function duckType(kind: string, name: string): { sql: string; type: DuckDBType; width: number } {
  switch (kind) {
    case 'long':
      return { sql: 'BIGINT', type: BIGINT, width: 8 }
    case 'timestamp':
      return { sql: 'TIMESTAMP', type: TIMESTAMP, width: 8 }
    case 'string':
      return { sql: 'VARCHAR', type: VARCHAR, width: 0 }
    default:
      throw new Error(`Column ${name}: type ${kind} is not loaded into DuckDB`)
  }
}

export class DuckDBPeer {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly threads: number,
  ) {}

  /**
   * An in-memory database; `memoryLimit` caps DuckDB's memory (its default is 80% of RAM, which a long run beside
   * Rivulet's own answers can reach), spilling to `.rivulet-tmp/duckdb` beyond it.
   */
  static async open(threads?: number, memoryLimit = '4GB'): Promise<DuckDBPeer> {
    const config: Record<string, string> = { memory_limit: memoryLimit, temp_directory: '.rivulet-tmp/duckdb' }
    if (threads !== undefined) config.threads = String(threads)
    const instance = await DuckDBInstance.create(':memory:', config)
    const connection = await instance.connect()
    const reader = await connection.runAndReadAll("SELECT current_setting('threads')")
    return new DuckDBPeer(instance, connection, Number(reader.getRows()[0]![0]))
  }

  /** Creates table `name` of `schema` and appends the batches through data chunks. */
  async load(name: string, schema: StructType, batches: readonly RecordBatch[]): Promise<void> {
    const columns = schema.fields.map((f) => ({ field: f.name, ...duckType(f.dataType.kind, f.name) }))
    await this.connection.run(`DROP TABLE IF EXISTS ${name}`)
    await this.connection.run(`CREATE TABLE ${name} (${columns.map((c) => `"${c.field}" ${c.sql}`).join(', ')})`)
    const appender = await this.connection.createAppender(name)
    const chunk = DuckDBDataChunk.create(columns.map((c) => c.type))
    for (const batch of batches) {
      if (fromArrowSchema(batch.schema).fields.length !== columns.length)
        throw new Error(`batch schema differs from ${name}`)
      const data = columnsOf(batch)
      if (data.some((d) => d.nullCount > 0)) throw new Error(`the DuckDB loader expects no nulls in ${name}`)
      for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, batch.numRows - start)
        bindings.data_chunk_reset(chunk.chunk)
        columns.forEach((column, c) => {
          const vector = bindings.data_chunk_get_vector(chunk.chunk, c)
          const source = data[c]!
          if (column.width > 0) {
            const values = source.values as BigInt64Array
            bindings.copy_data_to_vector(
              vector,
              0,
              values.buffer as ArrayBuffer,
              values.byteOffset + start * 8,
              rows * 8,
            )
          } else {
            const offsets = source.valueOffsets as Int32Array
            const bytes = source.values as Uint8Array
            for (let r = 0; r < rows; r++) {
              bindings.vector_assign_string_element_len(
                vector,
                r,
                bytes.subarray(offsets[start + r]!, offsets[start + r + 1]!),
              )
            }
          }
        })
        bindings.data_chunk_set_size(chunk.chunk, rows)
        appender.appendDataChunk(chunk)
      }
    }
    appender.flushSync()
    appender.closeSync()
  }

  /** Runs `sql` to a materialized result (the timed part: DuckDB computes and keeps every row). */
  run(sql: string): Promise<DuckDBMaterializedResult> {
    return this.connection.run(sql)
  }

  close(): void {
    this.connection.closeSync()
    this.instance.closeSync()
  }
}
