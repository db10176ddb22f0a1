// A query's checkpoint directory: `metadata` (the query id, stable across restarts), the offset and commit logs,
// `sources/<i>`, `state/<operator>/<partition>/…`, and a lock so two runs never write one checkpoint at once.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException, IllegalStateException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'
import { readStateMetadata } from '../../state/state-metadata.js'
import type { CommitRecord, OffsetSeq } from '../batch-log.js'
import { CheckpointLock } from './checkpoint-lock.js'
import { commitCodec, FileBatchLog, offsetSeqCodec } from './log-files.js'

/** The query id in a checkpoint's `metadata` file (`{"id":"..."}`), or an error naming the file. */
function readQueryId(path: string): string {
  const text = readFileSync(path, 'utf8')
  let id: unknown
  try {
    id = (JSON.parse(text.split('\n')[0]!) as { id?: unknown }).id
  } catch {
    id = undefined
  }
  if (typeof id !== 'string')
    throw new IllegalStateException(
      `The checkpoint metadata file ${path} is unreadable: ${JSON.stringify(text.slice(0, 80))}`,
    )
  return id
}

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

export { alreadyActive } from './checkpoint-lock.js'

export class Checkpoint {
  readonly id: string
  readonly offsetLog: FileBatchLog<OffsetSeq>
  readonly commitLog: FileBatchLog<CommitRecord>
  private readonly lock: CheckpointLock

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true })
    const metadataPath = join(dir, 'metadata')
    // Created exclusively: of two first runs starting at once, both take the id the winner wrote.
    if (!existsSync(metadataPath)) writeFileAtomic(metadataPath, `${JSON.stringify({ id: newUuid() })}\n`, true)
    this.id = readQueryId(metadataPath)
    this.offsetLog = new FileBatchLog(join(dir, 'offsets'), offsetSeqCodec)
    this.commitLog = new FileBatchLog(join(dir, 'commits'), commitCodec)
    this.lock = new CheckpointLock(dir, this.id)
  }

  /** Takes the checkpoint for this run; another live run (in any process) holding it is refused, as Spark does. */
  acquire(runId: string): void {
    this.lock.acquire(runId)
  }

  release(): void {
    this.lock.release()
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
