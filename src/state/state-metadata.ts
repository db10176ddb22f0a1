// `state/<op>/_metadata/schema`: what a stateful operator's checkpointed state holds — the operator, its partition
// count, and each table's kind and schemas — written on first use and checked on every restart, so a changed query
// fails with a clear error instead of misreading old state.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../common/atomic-file.js'
import { IllegalStateException } from '../common/errors.js'
import { simpleString } from '../types/data-types.js'
import type { StateTableSpec } from './state-table.js'

interface TableMetadata {
  readonly name: string
  readonly kind: string
  readonly keySchema: string
  readonly valueSchema: string
}

export interface StateMetadata {
  readonly operatorName: string
  readonly numPartitions: number
  readonly tables: readonly TableMetadata[]
  /** What the rows mean when not what Spark's operator keeps (window panes). */
  readonly layout?: string
}

/** Checkpoints written before partitioned state (Rivulet 0.1) recorded one table and no partition count. */
interface LegacyMetadata {
  readonly operatorName: string
  readonly keySchema: string
  readonly valueSchema: string
  readonly layout?: string
}

const metadataPath = (operatorDir: string) => join(operatorDir, '_metadata', 'schema')

export function stateMetadataOf(
  operatorName: string,
  numPartitions: number,
  tables: readonly StateTableSpec[],
  layout: string | undefined,
): StateMetadata {
  return {
    operatorName,
    numPartitions,
    tables: tables.map((t) => ({
      name: t.name,
      kind: t.kind,
      keySchema: simpleString(t.key),
      valueSchema: simpleString(t.value),
    })),
    ...(layout === undefined ? {} : { layout }),
  }
}

/** The recorded metadata of an operator's state, legacy files read as one partition of one default table. */
export function readStateMetadata(operatorDir: string): StateMetadata | undefined {
  const path = metadataPath(operatorDir)
  if (!existsSync(path)) return undefined
  let parsed: StateMetadata | LegacyMetadata
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as StateMetadata | LegacyMetadata
  } catch (error) {
    throw new IllegalStateException(`The state metadata file ${path} is unreadable: ${(error as Error).message}`, {
      cause: error,
    })
  }
  // The file is trusted but may be damaged: anything but an object of the right shape is refused by name.
  const shaped = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
  if (!shaped || typeof parsed.operatorName !== 'string') {
    throw new IllegalStateException(`The state metadata file ${path} is unreadable: not a state metadata object`)
  }
  if ('tables' in parsed) {
    if (!Array.isArray(parsed.tables)) {
      throw new IllegalStateException(`The state metadata file ${path} is unreadable: its tables are not a list`)
    }
    return parsed
  }
  const { operatorName, keySchema, valueSchema, layout } = parsed
  return {
    operatorName,
    numPartitions: 1,
    tables: [{ name: 'default', kind: 'value', keySchema, valueSchema }],
    ...(layout === undefined ? {} : { layout }),
  }
}

/**
 * Records `current` for a new checkpoint, or checks it against what the checkpoint holds (Spark's texts where Spark
 * has a check: the state schema compatibility error).
 */
export function verifyStateMetadata(
  operatorDir: string,
  operatorId: number,
  current: StateMetadata,
  checkpointDir: string,
  dropped: ReadonlySet<string> = new Set(),
): void {
  const recorded = readStateMetadata(operatorDir)
  if (!recorded) {
    writeFileAtomic(metadataPath(operatorDir), JSON.stringify(current))
    return
  }
  // Tables the operator dropped are forgotten (their files are deleted by the caller).
  const kept = recorded.tables.filter((t) => !dropped.has(t.name))
  const existing = kept.length === recorded.tables.length ? recorded : { ...recorded, tables: kept }
  const fresh = 'start the query with a new checkpoint location'
  if (existing.operatorName !== current.operatorName) {
    throw new IllegalStateException(
      `The query's stateful operator ${operatorId} is now "${current.operatorName}" but the checkpoint ${checkpointDir} holds state of "${existing.operatorName}". Stateful operators cannot change across restarts; ${fresh}.`,
    )
  }
  if (existing.layout !== current.layout) {
    const describe = (layout: string | undefined) => layout ?? 'one row per group'
    throw new IllegalStateException(
      `The query's stateful operator ${operatorId} ("${current.operatorName}") now keeps ${describe(current.layout)} but the checkpoint ${checkpointDir} holds ${describe(existing.layout)}. Restart with the settings the checkpoint was written with (rivulet.sql.slidingWindowPanes), or use a new checkpoint location.`,
    )
  }
  if (existing.numPartitions !== current.numPartitions) {
    throw new IllegalStateException(
      `The query's stateful operator ${operatorId} ("${current.operatorName}") runs with ${current.numPartitions} state partition(s) but the checkpoint ${checkpointDir} holds ${existing.numPartitions}. The number of state partitions is fixed by the checkpoint (spark.sql.shuffle.partitions in offsets/); ${fresh} to change it.`,
    )
  }
  const names = (m: StateMetadata) => m.tables.map((t) => `${t.name} (${t.kind})`).join(', ')
  if (names(existing) !== names(current)) {
    throw new IllegalStateException(
      `The query's stateful operator ${operatorId} ("${current.operatorName}") keeps the state tables [${names(current)}] but the checkpoint ${checkpointDir} holds [${names(existing)}]; ${fresh}.`,
    )
  }
  existing.tables.forEach((table, i) => {
    const now = current.tables[i]!
    if (unnamed(table.keySchema) === unnamed(now.keySchema) && unnamed(table.valueSchema) === unnamed(now.valueSchema))
      return
    throw new IllegalStateException(
      `Provided schema doesn't match to the schema for existing state! Please note that Spark allow difference of field name: check count of fields and data type of each field.\n` +
        `- Provided key schema: ${now.keySchema}\n- Existing key schema: ${table.keySchema}\n` +
        `- Provided value schema: ${now.valueSchema}\n- Existing value schema: ${table.valueSchema}\n` +
        `(operator ${operatorId}, "${current.operatorName}", table ${table.name}, in ${checkpointDir})\n` +
        'If you want to force running query without schema validation, please set spark.sql.streaming.stateStore.stateSchemaCheck to false.\n' +
        'Please note running query with incompatible schema could cause indeterministic behavior.',
      { errorClass: 'STATE_SCHEMA_NOT_COMPATIBLE' },
    )
  })
  if (existing !== recorded) writeFileAtomic(metadataPath(operatorDir), JSON.stringify(current))
}

/** A struct's simple string without field names: Spark's schema check compares counts and types only. */
function unnamed(schema: string): string {
  return schema.replace(/(?<=[<,])[^:<>,]+:/g, '')
}
