// What a stateful operator declares when it opens — a named table of a kind, with key and value schemas — and what
// the runtime needs from a table's in-memory form to checkpoint it partition by partition.
import type { RecordBatch } from '../arrow/index.js'
import { StructType } from '../types/struct-type.js'

/**
 * value: key → one row · list: key → rows (appended) · multiValue: Spark's join layout (key → count, key + index →
 * row) · timeOrdered: (time, key) → row, scanned by time (timers, TTL).
 */
export type StateTableKind = 'value' | 'list' | 'multiValue' | 'timeOrdered'

export interface StateTableSpec {
  /** The store's name; `default` is checkpointed directly in `state/<op>/<partition>/`, others in a folder. */
  readonly name: string
  readonly kind: StateTableKind
  readonly key: StructType
  readonly value: StructType
  /** The leading key fields that place a row in a partition (the grouping or join keys); all of them by default. */
  readonly partitionKeyFields?: number
}

export const DEFAULT_TABLE = 'default'

/** Key and value schemas of a table's rows. */
export interface StateSchema {
  readonly key: StructType
  readonly value: StructType
}

const rowSchemas = new WeakMap<StateSchema, StructType>()

/** A state row: the key columns, then the value columns (built once per schema). */
export function stateRowSchema(schema: StateSchema): StructType {
  let row = rowSchemas.get(schema)
  if (!row) rowSchemas.set(schema, (row = StructType([...schema.key.fields, ...schema.value.fields])))
  return row
}

/** Changes to apply in order: upserted rows (key and value columns), then deleted keys (key columns). */
export interface StateChanges {
  readonly upserts: RecordBatch | null
  readonly deletes: RecordBatch | null
}

/**
 * The checkpoint side of one physical table. Per batch: `beginBatch`, the operator mutates, then `changes()` is
 * written as the next version's delta (and every so often `snapshot()`); after a restart `restore` replays the
 * snapshot and deltas of each partition, oldest first. Keys of different partitions never collide, so partitions
 * restore in any order.
 */
export interface CheckpointedTable {
  readonly spec: StateTableSpec
  beginBatch(): void
  /** Rows upserted and keys deleted since `beginBatch` (key columns first, then value columns). */
  changes(): StateChanges
  /** Every row (key columns, then value columns). */
  snapshot(): RecordBatch
  restore(changes: StateChanges): void
  /** Rows held. */
  readonly size: number
  memoryBytes(): number
  /** From now on, know which of `n` partitions each row is in (placed by the spec's partition key fields). */
  trackPartitions(n: number): void
  /** Rows held per partition (after `trackPartitions`). */
  rowsPerPartition(): Int32Array
}
