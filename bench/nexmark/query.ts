// A Nexmark query as the harness runs it: Spark SQL and DataFrame forms for Rivulet, a hand-written loop and a
// DuckDB statement computing the same answer, and how to compare them.
import type { RecordBatch } from '../../src/arrow/index.js'
import type { NexmarkTable } from '../../src/connectors/sources/nexmark/config.js'
import type { DataFrame } from '../../src/index.js'
import type { NexmarkInputs } from './generator.js'
import type { ResultSet } from './results/cells.js'
import type { OutputMode } from './results/materialize.js'

export interface QueryContext {
  /** The watermark after the last micro-batch (µs): append-mode windows ending at or before it are final. */
  readonly finalWatermarkUs: number
}

export interface NexmarkQuery {
  readonly name: string
  readonly title: string
  /** The streams it reads (registered as watermarked temp views of these names). */
  readonly streams: readonly NexmarkTable[]
  /** A streaming output mode, or 'batch' for a static query over all the events (exact distinct counts). */
  readonly mode: OutputMode | 'batch'
  /** Update mode: the columns identifying a result row (its newest version is the answer). */
  readonly keyColumns?: readonly string[]
  /** Columns compared with a relative tolerance (floating-point results). */
  readonly floatColumns?: readonly string[]
  readonly sql: string
  readonly dataFrame: (frames: Readonly<Record<NexmarkTable, DataFrame>>) => DataFrame
  /** The hand-written loop over the same batches, returning the answer as Arrow batches. */
  readonly loop: (inputs: NexmarkInputs, context: QueryContext) => RecordBatch[]
  /** DuckDB's statement over tables person, auction, bid. */
  readonly duckdb: (context: QueryContext) => string
  /** Turns Rivulet's result into what the loop and DuckDB compute (q12 folds its processing-time windows). */
  readonly checkedAs?: (result: ResultSet) => ResultSet
}

/** A query not run yet, and why. */
export interface PendingQuery {
  readonly name: string
  readonly title: string
  readonly reason: string
}
