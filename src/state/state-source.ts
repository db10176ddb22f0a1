// Reads a checkpoint's state as rows, as Spark 3.5+'s state data sources do: `statestore` gives one operator's
// table at one batch (`key`, `value`, `partition_id`), `state-metadata` gives every operator's tables.
//
// Version v of a table is the state after batch v-1 committed, rebuilt per partition from the newest snapshot ≤ v
// and the deltas after it (state-files.ts); rows are returned partition by partition, in key-table order.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  batchFromRows,
  type Column,
  columnsOf,
  concatBatches,
  makeBatch,
  numericColumn,
  type RecordBatch,
  structColumn,
  toArrowType,
} from '../arrow/index.js'
import { INTEGER, LONG, STRING } from '../types/data-types.js'
import { parseTypeString } from '../types/ddl.js'
import { StructField, StructType } from '../types/struct-type.js'
import { tableDir } from './operator-state.js'
import { StateStoreFiles } from './state-files.js'
import { readStateMetadata, type StateMetadata } from './state-metadata.js'
import {
  checkpointPath,
  committedBatchIds,
  type OptionLookup,
  parseStateSourceOptions,
  type StateSourceOptions,
  stateSourceError,
} from './state-source-options.js'
import { ValueTable } from './value-table.js'

export interface StateRows {
  readonly schema: StructType
  readonly batch: RecordBatch
}

/** The field a join side's `keyWithIndexToValue` table adds to the key, and the flag it adds to the value. */
const JOIN_INDEX_FIELD = 'index'
const JOIN_MATCHED_FIELD = 'matched'

const asStruct = (text: string): StructType => parseTypeString(text) as StructType

/** `spark.read.format('statestore')`: the rows of one operator's state table at one batch. */
export function readStateStore(get: OptionLookup): StateRows {
  const options = parseStateSourceOptions(get)
  const operatorDir = join(options.checkpoint, 'state', String(options.operatorId))
  const metadata = readStateMetadata(operatorDir)
  if (!metadata) {
    throw stateSourceError(
      'STDS_FAILED_TO_READ_STATE_SCHEMA',
      `Failed to read the state schema. Either the file does not exist, or the file is corrupted. options: ${describe(options)}.\nRerun the streaming query to construct the state schema, and report to the corresponding communities or vendors if error persists.`,
    )
  }
  const storeName = options.joinSide === 'none' ? options.storeName : `${options.joinSide}-keyWithIndexToValue`
  const table = metadata.tables.find((t) => t.name === storeName)
  if (!table) {
    const known = metadata.tables.map((t) => t.name).join(', ')
    throw stateSourceError(
      'STDS_INVALID_OPTION_VALUE.WITH_MESSAGE',
      `Invalid value for source option '${options.joinSide === 'none' ? 'storeName' : 'joinSide'}': operator ${options.operatorId} ("${metadata.operatorName}") has no state store ${storeName}; its stores are ${known}`,
    )
  }
  const key = asStruct(table.keySchema)
  const value = asStruct(table.valueSchema)
  const spec = { name: table.name, kind: 'value' as const, key, value }
  const parts: RecordBatch[] = []
  const partitionIds: number[] = []
  for (let p = 0; p < metadata.numPartitions; p++) {
    const dir = tableDir(operatorDir, p, table.name)
    if (!existsSync(dir)) continue
    const rows = new ValueTable(spec)
    for (const changes of new StateStoreFiles(dir, spec).read(options.batchId + 1)) rows.restore(changes)
    const snapshot = rows.snapshot()
    parts.push(snapshot)
    for (let i = 0; i < snapshot.numRows; i++) partitionIds.push(p)
  }
  if (parts.length === 0) {
    throw stateSourceError(
      'STDS_NO_PARTITION_DISCOVERED_IN_STATE_STORE',
      `The state does not have any partition. Please double check that the query points to the valid state. options: ${describe(options)}`,
    )
  }
  const rowSchema = StructType([...key.fields, ...value.fields])
  const all = concatBatches(rowSchema, parts)
  const columns = columnsOf(all)
  // A join side reads as its buffered input rows: the key without the entry index, the value without the flag.
  const keyFields = key.fields.map((f, i) => [f, columns[i]!] as const)
  const valueFields = value.fields.map((f, i) => [f, columns[key.fields.length + i]!] as const)
  const keep = (fields: readonly (readonly [StructField, Column])[], drop: string) =>
    options.joinSide === 'none' ? fields : fields.filter(([f]) => f.name !== drop)
  return stateRows(keep(keyFields, JOIN_INDEX_FIELD), keep(valueFields, JOIN_MATCHED_FIELD), partitionIds, all.numRows)
}

function stateRows(
  keyFields: readonly (readonly [StructField, Column])[],
  valueFields: readonly (readonly [StructField, Column])[],
  partitionIds: readonly number[],
  n: number,
): StateRows {
  const keyType = StructType(keyFields.map(([f]) => f))
  const valueType = StructType(valueFields.map(([f]) => f))
  const schema = StructType([
    StructField('key', keyType, true),
    StructField('value', valueType, true),
    StructField('partition_id', INTEGER, true),
  ])
  const struct = (type: StructType, fields: readonly (readonly [StructField, Column])[]) =>
    structColumn(
      toArrowType(type) as Parameters<typeof structColumn>[0],
      fields.map(([, c]) => c),
      n,
    )
  const columns = [
    struct(keyType, keyFields),
    struct(valueType, valueFields),
    numericColumn(INTEGER, Int32Array.from(partitionIds), null),
  ]
  return { schema, batch: makeBatch(schema, columns, n) }
}

const describe = (o: StateSourceOptions) =>
  `StateSourceOptions(checkpointLocation=${o.checkpoint}, batchId=${o.batchId}, operatorId=${o.operatorId}, storeName=${o.storeName}, joinSide=${o.joinSide})`

const metadataSchema = StructType([
  StructField('operatorId', LONG, true),
  StructField('operatorName', STRING, true),
  StructField('stateStoreName', STRING, true),
  StructField('numPartitions', INTEGER, true),
  StructField('minBatchId', LONG, true),
  StructField('maxBatchId', LONG, true),
  StructField('operatorProperties', STRING, true),
])

/** `spark.read.format('state-metadata')`: one row per operator and state store, with the committed batch range. */
export function readStateMetadataTable(get: OptionLookup): StateRows {
  const checkpoint = checkpointPath(get)
  const batches = committedBatchIds(checkpoint)
  const stateDir = join(checkpoint, 'state')
  const operators = existsSync(stateDir)
    ? readdirSync(stateDir)
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => a - b)
    : []
  const rows: unknown[][] = []
  for (const operatorId of operators) {
    const metadata: StateMetadata | undefined = readStateMetadata(join(stateDir, String(operatorId)))
    if (!metadata) continue
    const properties = metadata.layout === undefined ? '' : JSON.stringify({ layout: metadata.layout })
    for (const table of metadata.tables) {
      rows.push([
        operatorId,
        metadata.operatorName,
        table.name,
        metadata.numPartitions,
        batches[0] ?? -1,
        batches.at(-1) ?? -1,
        properties,
      ])
    }
  }
  return { schema: metadataSchema, batch: batchFromRows(metadataSchema, rows) }
}
