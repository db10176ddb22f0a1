// A query's checkpoint directory: `metadata` (the query id, stable across restarts), the offset and commit logs,
// `sources/<i>`, `state/<operator>/<partition>/…`, and a lock so two runs never write one checkpoint at once.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException, IllegalStateException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'
import { readStateMetadata } from '../../state/state-metadata.js'
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

  /** `state/<operatorId>`: where a stateful operator's tables are checkpointed. */
  operatorDir(operatorId: number): string {
    return join(this.dir, 'state', String(operatorId))
  }

  /**
   * The state partition count the checkpoint pins: what its stateful operators' metadata records (one partition for
   * checkpoints written before partitioned state), else what the newest readable `offsets/N` recorded.
   */
  recordedPartitions(): number | undefined {
    for (const id of this.stateOperatorIds()) {
      const metadata = readStateMetadata(this.operatorDir(id))
      if (metadata) return metadata.numPartitions
    }
    const ids = this.offsetLog.batchIds()
    for (let i = ids.length - 1; i >= 0; i--) {
      let conf: Readonly<Record<string, string>> | undefined
      try {
        conf = this.offsetLog.getSync(ids[i]!)?.conf
      } catch {
        continue // a damaged entry: recovery reports it; an older one still says what the query ran with
      }
      const value = Number(conf?.['spark.sql.shuffle.partitions'])
      return Number.isInteger(value) && value > 0 ? value : undefined
    }
    return undefined
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
