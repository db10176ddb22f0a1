// Runs micro-batches of one query: offsets → write-ahead log → data → operators → sink → commit → progress.
//
// The protocol, per trigger (Spark's MicroBatchExecution):
//   1. latest_i = source_i.latestOffset(start_i, limit_i)       (null: the source has nothing yet; the limit caps it)
//   2. run a batch iff some latest_i differs from start_i        (new data; batch 0 of a V2 source always runs)
//      or the watermark moved past what stateful operators used  (a no-data batch, to emit and evict)
//   3. write offsets/N = {latest, batchWatermarkMs, batchTimestampMs}   — before touching any data
//   4. source_i.commit(start_i): data before this batch may be dropped
//   5. rows_i = source_i.getBatch(start_i, latest_i); run the operators over them (a source that streams its batch
//      is read while they run: its rows go through them chunk by chunk, and are never all held at once)
//   6. sink.addBatch(N, output)                                  (sinks ignore a batch id they already have)
//   7. commit operator state as version N+1
//   8. write commits/N = {nextBatchWatermarkMs}; the new watermark applies from batch N+1
//   9. report progress
// Recovery: if offsets/L exists without commits/L, batch L is re-run with exactly the recorded offsets,
// watermark and timestamp; otherwise the query resumes at L+1 from offsets/L.
import { concatBatches, emptyBatch, type RecordBatch } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import { isoUtc } from '../common/time.js'
import type { ReadLimit } from '../connectors/read-limit.js'
import type { Sink } from '../connectors/sink.js'
import type { Offset, Source, SourceTask } from '../connectors/source.js'
import type { OperatorContext } from '../operators/operator.js'
import { SourceScanExec } from '../operators/scan-exec.js'
import type { PlanExecution } from '../physical/plan-execution.js'
import type { StructType } from '../types/struct-type.js'
import { type BatchLog, type CommitRecord, checkLogsAgree, concurrentLogUpdate, type OffsetSeq } from './batch-log.js'
import type { JsonValue } from './json-text.js'
import type { ProgressFields, SourceProgress } from './progress.js'
import type { QueryState } from './stateful-operators.js'

export interface RunnerSettings {
  readonly sources: readonly Source[]
  /** The limit each source is read with under the query's trigger (see `sourcesForTrigger`). */
  readonly readLimits: readonly ReadLimit[]
  readonly sink: Sink
  readonly schema: StructType
  readonly outputMode: OperatorContext['outputMode']
  readonly zone: string
  readonly offsetLog: BatchLog<OffsetSeq>
  readonly commitLog: BatchLog<CommitRecord>
  readonly conf: Readonly<Record<string, string>>
  readonly clock: () => number
  readonly stateful: QueryState
  /** `spark.sql.streaming.minBatchesToRetain`: log entries kept behind the current batch. */
  readonly minBatchesToRetain: number
}

/** What one trigger did, for progress reporting and the query loop. */
export interface TriggerResult {
  readonly ranBatch: boolean
  /** Sources had data beyond what was processed (a batch ran for new data). */
  readonly hadNewData: boolean
  readonly progress: Omit<ProgressFields, 'id' | 'runId' | 'name'>
}

const equalOffsets = (a: Offset | null, b: Offset | null) => JSON.stringify(a) === JSON.stringify(b)

export class MicroBatchRunner {
  private batchId = 0
  private startOffsets: (Offset | null)[]
  private watermarkMs = 0
  private previousTriggerStart: number | undefined
  /** A batch recorded in the offset log but not committed, to re-run first (set by `recover`). */
  private pendingReplay: OffsetSeq | undefined

  constructor(private readonly settings: RunnerSettings) {
    this.startOffsets = settings.sources.map(() => null)
  }

  get currentBatchId(): number {
    return this.batchId
  }

  /** When (ms) a processing-time timer or timeout of the query falls due, if any: the loop wakes up for it. */
  processingTimeDueMs(): number | undefined {
    return this.settings.stateful.processingTimeDueMs()
  }

  /** Each source's own watermark (ms) by source index, for sources under a withWatermark (see QueryState). */
  sourceWatermarksMs(): Map<number, number> {
    return this.settings.stateful.sourceWatermarksMs()
  }

  /**
   * Restores the position from the logs (Spark's `populateStartOffsets`) and the operators' state at the version
   * the next batch starts from.
   */
  async recover(): Promise<void> {
    const { offsetLog, commitLog, sources, stateful } = this.settings
    const latest = await offsetLog.latest()
    checkLogsAgree(offsetLog, latest?.batchId, (await commitLog.latest())?.batchId)
    if (!latest) return stateful.start(0)
    if (latest.value.offsets.length !== sources.length) {
      throw new IllegalStateException(
        `There are [${latest.value.offsets.length}] sources in the checkpoint offsets and now there are [${sources.length}] sources requested by the query. Cannot continue.`,
      )
    }
    const committed = await commitLog.get(latest.batchId)
    const previous = latest.batchId > 0 ? await offsetLog.get(latest.batchId - 1) : undefined
    if (latest.batchId > 0 && !previous && !committed) {
      throw new IllegalStateException(`batch ${latest.batchId - 1} doesn't exist`)
    }
    let lastRunWatermark: number
    if (committed) {
      this.batchId = latest.batchId + 1
      this.startOffsets = [...latest.value.offsets]
      this.watermarkMs = Math.max(latest.value.batchWatermarkMs, committed.nextBatchWatermarkMs)
      lastRunWatermark = latest.value.batchWatermarkMs
    } else {
      this.batchId = latest.batchId
      this.startOffsets = previous ? [...previous.offsets] : sources.map(() => null)
      this.watermarkMs = latest.value.batchWatermarkMs
      this.pendingReplay = latest.value
      lastRunWatermark = previous?.batchWatermarkMs ?? 0
    }
    await stateful.restore(this.batchId, lastRunWatermark)
    await stateful.start(this.batchId)
  }

  /** One trigger: runs a batch if there is new data (or a no-data batch is due); reports what happened. */
  async runTrigger(): Promise<TriggerResult> {
    const { sources, offsetLog, commitLog, sink, clock, stateful } = this.settings
    const triggerStart = clock()
    // The batch's CPU (every thread of the process) decides whether its stages are worth moving to worker threads;
    // read (a system call) only while they may move.
    const cpuStart = stateful.measuresCpu ? process.cpuUsage() : undefined
    const wallStart = performance.now()
    const durations: Record<string, number> = {}
    const timed = async <T>(key: string, work: () => Promise<T> | T): Promise<T> => {
      const started = performance.now()
      try {
        return await work()
      } finally {
        durations[key] = (durations[key] ?? 0) + Math.round(performance.now() - started)
      }
    }

    const replay = this.pendingReplay
    this.pendingReplay = undefined
    const { latest, reported } = replay
      ? { latest: [...replay.offsets], reported: replay.offsets }
      : await timed('latestOffset', () => latestOffsets(sources, this.startOffsets, this.settings.readLimits))
    const hasNewData = latest.some((offset, i) => offset !== null && !equalOffsets(offset, this.startOffsets[i]!))
    const noDataBatchDue = !hasNewData && stateful.needsNoDataBatch(this.watermarkMs, triggerStart)
    if (!replay && !hasNewData && !noDataBatchDue) {
      durations.triggerExecution = Math.round(clock() - triggerStart)
      return {
        ranBatch: false,
        hadNewData: false,
        progress: this.progress(triggerStart, durations, latest, latest, [], -1, reported),
      }
    }

    const batchId = this.batchId
    const end = latest.map((offset, i) => offset ?? this.startOffsets[i]!)
    const offsetSeq: OffsetSeq = replay ?? {
      offsets: end,
      batchWatermarkMs: this.watermarkMs,
      batchTimestampMs: triggerStart,
      conf: this.settings.conf,
    }
    if (!replay && !(await timed('walCommit', () => offsetLog.add(batchId, offsetSeq)))) {
      throw concurrentLogUpdate(batchId)
    }
    sources.forEach((s, i) => {
      const start = this.startOffsets[i]
      if (start !== null && start !== undefined) s.commit(start)
    })

    const sourceBatches = new Map<number, readonly RecordBatch[]>()
    const sourceTasks = new Map<number, readonly SourceTask[]>()
    const sourceStreams = new Map<number, AsyncIterable<RecordBatch>>()
    const rowCounts = sources.map(() => 0)
    await timed('getBatch', async () => {
      for (const [i, source] of sources.entries()) {
        if (equalOffsets(end[i]!, this.startOffsets[i]!)) continue
        // A source the workers scan, which can hand out its reading as tasks, is read and parsed there.
        if (source.getTasks && stateful.scansRemotely(i)) {
          sourceTasks.set(i, await source.getTasks(this.startOffsets[i]!, end[i]!))
          continue
        }
        // A source read as a stream by its one scan here is read while the operators run (during addBatch).
        if (source.streamBatch && !stateful.scansRemotely(i) && scansOf(stateful.execution, i) === 1) {
          const stream = source.streamBatch(this.startOffsets[i]!, end[i]!)
          sourceStreams.set(
            i,
            counted(stream, (rows) => (rowCounts[i]! += rows)),
          )
          continue
        }
        const batches = await source.getBatch(this.startOffsets[i]!, end[i]!)
        sourceBatches.set(i, batches)
        rowCounts[i] = batches.reduce((sum, b) => sum + b.numRows, 0)
      }
    })

    const ctx: OperatorContext = {
      batchId,
      zone: this.settings.zone,
      batchTimestampMicros: offsetSeq.batchTimestampMs * 1000,
      watermarkMs: offsetSeq.batchWatermarkMs,
      lateWatermarkMs: stateful.lateWatermarkMs(),
      outputMode: this.settings.outputMode,
      isStreaming: true,
      sourceBatches,
      sourceStreams,
      operatorWatermarks: stateful.watermarksByOperator(offsetSeq.batchWatermarkMs),
      sourceTasks,
    }
    const output = await timed('addBatch', async () => {
      await stateful.beginBatch()
      const epoch = stateful.execution.runEpoch(ctx)
      const batches = epoch instanceof Promise ? await epoch : epoch
      await stateful.endBatch()
      for (const [i, rows] of stateful.rowsReadRemotely()) rowCounts[i] = rows
      if (sink.addBatches) await sink.addBatches(batchId, batches)
      else
        await sink.addBatch(
          batchId,
          batches.length === 0 ? emptyBatch(this.settings.schema) : concatBatches(this.settings.schema, batches),
        )
      return batches.reduce((rows, b) => rows + b.numRows, 0)
    })

    const nextWatermarkMs = stateful.nextWatermark(offsetSeq.batchWatermarkMs)
    await timed('commitOffsets', async () => {
      await stateful.commit(ctx)
      stateful.execution.commit(ctx)
      if (!(await commitLog.add(batchId, { nextBatchWatermarkMs: nextWatermarkMs }))) throw concurrentLogUpdate(batchId)
      const retainFrom = batchId + 1 - this.settings.minBatchesToRetain
      if (retainFrom > 0) await Promise.all([offsetLog.purge(retainFrom), commitLog.purge(retainFrom)])
    })
    const startForProgress = this.startOffsets
    this.startOffsets = end
    this.watermarkMs = nextWatermarkMs
    this.batchId = batchId + 1
    durations.triggerExecution = Math.round(clock() - triggerStart)
    const result: TriggerResult = {
      ranBatch: true,
      hadNewData: hasNewData,
      progress: {
        ...this.progress(triggerStart, durations, startForProgress, end, rowCounts, output, reported),
        batchId,
        eventTime: stateful.eventTimeStats(offsetSeq.batchWatermarkMs),
        stateOperators: stateful.progress(),
      },
    }
    // Large, costly batches move partitioned stages to the worker threads from the next batch on (and back, if the
    // workers ran them no faster).
    const cpu = cpuStart && process.cpuUsage(cpuStart)
    await stateful.afterBatch(
      {
        batchId,
        inputRows: rowCounts.reduce((sum, n) => sum + n, 0),
        cpuMs: cpu ? (cpu.user + cpu.system) / 1000 : 0,
        wallMs: performance.now() - wallStart,
      },
      batchId + 1,
    )
    return result
  }

  private progress(
    triggerStart: number,
    durations: Record<string, number>,
    start: readonly (Offset | null)[],
    end: readonly (Offset | null)[],
    rowCounts: readonly number[],
    numOutputRows: number,
    latest: readonly (Offset | null)[] = end,
  ): TriggerResult['progress'] {
    const { sources, sink, clock } = this.settings
    const triggerEnd = clock()
    const processingSec = Math.max(1, triggerEnd - triggerStart) / 1000
    const inputSec =
      this.previousTriggerStart === undefined
        ? Number.POSITIVE_INFINITY
        : (triggerStart - this.previousTriggerStart) / 1000
    this.previousTriggerStart = triggerStart
    const sourceProgress: SourceProgress[] = sources.map((s, i) => {
      const rows = rowCounts[i] ?? 0
      return {
        description: s.description,
        startOffset: (start[i] ?? null) as JsonValue,
        endOffset: (end[i] ?? null) as JsonValue,
        latestOffset: (latest[i] ?? null) as JsonValue,
        numInputRows: rows,
        inputRowsPerSecond: Number.isFinite(inputSec) ? rows / inputSec : 0,
        processedRowsPerSecond: rows / processingSec,
        metrics: s.metrics?.(end[i] ?? null),
      }
    })
    return {
      timestamp: isoUtc(triggerStart),
      batchId: this.batchId,
      batchDuration: triggerEnd - triggerStart,
      durationMs: durations,
      eventTime: {},
      stateOperators: [],
      sources: sourceProgress,
      sink: { description: sink.description, numOutputRows: sink.reportsOutputRows === false ? -1 : numOutputRows },
    }
  }
}

/** How many scans of the driver's plan read source `index`. */
function scansOf(execution: PlanExecution, index: number): number {
  return execution.nodes.filter((n) => n.op instanceof SourceScanExec && n.op.sourceIndex === index).length
}

/** The stream's batches, each counted as it passes. */
async function* counted(
  stream: AsyncIterable<RecordBatch>,
  count: (rows: number) => void,
): AsyncGenerator<RecordBatch, void, undefined> {
  for await (const batch of stream) {
    count(batch.numRows)
    yield batch
  }
}

/**
 * Step 1: each source's end for the next batch under its limit, and (for progress) the latest offset it reports
 * regardless of the limit — its end offset when it does not report one.
 */
async function latestOffsets(
  sources: readonly Source[],
  starts: readonly (Offset | null)[],
  limits: readonly ReadLimit[],
): Promise<{ latest: (Offset | null)[]; reported: (Offset | null)[] }> {
  const latest = await Promise.all(sources.map((s, i) => s.latestOffset(starts[i] ?? null, limits[i]!)))
  const reported = sources.map((s, i) => (s.reportLatestOffset ? s.reportLatestOffset() : latest[i]!))
  return { latest, reported }
}
