// A query's checkpoint directory: `metadata` (the query id, stable across restarts), the offset and commit logs,
// `sources/<i>`, `state/<operator>/0`, and a lock so two runs never write one checkpoint at once.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException, IllegalStateException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'
import type { StatefulOperator } from '../../operators/stateful.js'
import { StateStoreFiles } from '../../state/state-store.js'
import { simpleString } from '../../types/data-types.js'
import type { CommitRecord, OffsetSeq } from '../batch-log.js'
import { commitCodec, FileBatchLog, offsetSeqCodec } from './log-files.js'

/** Where a query checkpoints: the `checkpointLocation` option, else the session default root plus the query name. */
export function resolveCheckpointLocation(
  option: string | undefined,
  defaultRoot: string | undefined,
  queryName: string | undefined,
  sinkFormat: string,
): string | undefined {
  if (option !== undefined) return resolve(option)
  if (defaultRoot !== undefined) return resolve(join(defaultRoot, queryName ?? newUuid()))
  // Spark creates a temporary checkpoint for these sinks and deletes it afterwards; Rivulet keeps their logs in memory.
  if (['console', 'memory', 'noop', 'foreachbatch', 'foreach'].includes(sinkFormat.toLowerCase())) return undefined
  throw new AnalysisException(
    'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)',
  )
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Spark's error for a second run of a query whose id is already running. */
export const alreadyActive = (id: string) =>
  new IllegalStateException(
    `Cannot start query with id ${id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.`,
  )

export class Checkpoint {
  readonly id: string
  readonly offsetLog: FileBatchLog<OffsetSeq>
  readonly commitLog: FileBatchLog<CommitRecord>
  private readonly lockPath: string
  private locked = false

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true })
    const metadataPath = join(dir, 'metadata')
    if (existsSync(metadataPath)) {
      const text = readFileSync(metadataPath, 'utf8')
      let id: unknown
      try {
        id = (JSON.parse(text.split('\n')[0]!) as { id?: unknown }).id
      } catch {
        id = undefined
      }
      if (typeof id !== 'string')
        throw new IllegalStateException(
          `The checkpoint metadata file ${metadataPath} is unreadable: ${JSON.stringify(text.slice(0, 80))}`,
        )
      this.id = id
    } else {
      this.id = newUuid()
      writeFileAtomic(metadataPath, `${JSON.stringify({ id: this.id })}\n`)
    }
    this.offsetLog = new FileBatchLog(join(dir, 'offsets'), offsetSeqCodec)
    this.commitLog = new FileBatchLog(join(dir, 'commits'), commitCodec)
    this.lockPath = join(dir, '.lock')
  }

  /** Takes the checkpoint for this run; another live run (in any process) holding it is refused, as Spark does. */
  lock(runId: string): void {
    const content = JSON.stringify({ pid: process.pid, runId })
    for (let attempt = 0; attempt < 2; attempt++) {
      if (writeFileAtomic(this.lockPath, content, true)) {
        this.locked = true
        return
      }
      let holder: { pid?: number } = {}
      try {
        holder = JSON.parse(readFileSync(this.lockPath, 'utf8')) as { pid?: number }
      } catch {
        // An unreadable lock is treated as stale.
      }
      if (typeof holder.pid === 'number' && isAlive(holder.pid)) {
        throw alreadyActive(this.id)
      }
      rmSync(this.lockPath, { force: true })
    }
    throw new IllegalStateException(`Could not lock the checkpoint ${this.dir}`)
  }

  unlock(): void {
    if (this.locked) rmSync(this.lockPath, { force: true })
    this.locked = false
  }

  sourcePath(index: number): string {
    return join(this.dir, 'sources', String(index))
  }

  /** The state files of an operator, after checking its recorded kind and schemas still match the query's. */
  stateStore(op: StatefulOperator): StateStoreFiles {
    const dir = join(this.dir, 'state', String(op.stateId))
    const metadataPath = join(dir, '_metadata', 'schema')
    const current = {
      operatorName: op.metrics.operatorName,
      keySchema: simpleString(op.stateSchema.key),
      valueSchema: simpleString(op.stateSchema.value),
      ...(op.stateLayout === undefined ? {} : { layout: op.stateLayout }),
    }
    if (existsSync(metadataPath)) {
      const existing = JSON.parse(readFileSync(metadataPath, 'utf8')) as typeof current & { layout?: string }
      if (existing.operatorName !== current.operatorName) {
        throw new IllegalStateException(
          `The query's stateful operator ${op.stateId} is now "${current.operatorName}" but the checkpoint ${this.dir} holds state of "${existing.operatorName}". Stateful operators cannot change across restarts; start the query with a new checkpoint location.`,
        )
      }
      if (existing.layout !== op.stateLayout) {
        const describe = (layout: string | undefined) => layout ?? 'one row per group'
        throw new IllegalStateException(
          `The query's stateful operator ${op.stateId} ("${current.operatorName}") now keeps ${describe(op.stateLayout)} but the checkpoint ${this.dir} holds ${describe(existing.layout)}. Restart with the settings the checkpoint was written with (rivulet.sql.slidingWindowPanes), or use a new checkpoint location.`,
        )
      }
      if (
        unnamed(existing.keySchema) !== unnamed(current.keySchema) ||
        unnamed(existing.valueSchema) !== unnamed(current.valueSchema)
      ) {
        throw new IllegalStateException(
          `Provided schema doesn't match to the schema for existing state! Please note that Spark allow difference of field name: check count of fields and data type of each field.\n` +
            `- Provided key schema: ${current.keySchema}\n- Existing key schema: ${existing.keySchema}\n` +
            `- Provided value schema: ${current.valueSchema}\n- Existing value schema: ${existing.valueSchema}\n` +
            `(operator ${op.stateId}, "${current.operatorName}", in ${this.dir})\n` +
            'If you want to force running query without schema validation, please set spark.sql.streaming.stateStore.stateSchemaCheck to false.\n' +
            'Please note running query with incompatible schema could cause indeterministic behavior.',
          { errorClass: 'STATE_SCHEMA_NOT_COMPATIBLE' },
        )
      }
    } else {
      writeFileAtomic(metadataPath, JSON.stringify(current))
    }
    return new StateStoreFiles(join(dir, '0'), op.stateSchema)
  }

  /** Stateful operator ids the checkpoint holds state for. */
  stateOperatorIds(): number[] {
    const stateDir = join(this.dir, 'state')
    if (!existsSync(stateDir)) return []
    return readdirSync(stateDir)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b)
  }
}

/** A struct's simple string without field names: Spark's schema check compares counts and types only. */
function unnamed(schema: string): string {
  return schema.replace(/(?<=[<,])[^:<>,]+:/g, '')
}
