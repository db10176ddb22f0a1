// spark.streams: starts queries, knows the active ones, waits for terminations, and holds the listeners.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { checkStreamingPlan } from '../analyzer/unsupported-operations.js'
import { concatBatches, type RecordBatch } from '../arrow/index.js'
import {
  AnalysisException,
  IllegalArgumentException,
  SparkError,
  SparkException,
  type StreamingQueryException,
} from '../common/errors.js'
import { newUuid } from '../common/ids.js'
import { sinkProvider } from '../connectors/registry.js'
import type { Sink, SinkContext } from '../connectors/sink.js'
import { ForeachWriterSink } from '../connectors/sinks/foreach-writer.js'
import { MemorySink, MemorySinkTable } from '../connectors/sinks/memory.js'
import { attributesFor, type LocalRelation, localRelation, schemaOf } from '../logical/plan.js'
import { alreadyActive, Checkpoint, resolveCheckpointLocation } from '../runtime/checkpoint/checkpoint.js'
import { createStreamExecution } from '../runtime/create-execution.js'
import { ListenerBus, type StreamingQueryListener } from '../runtime/listener.js'
import type { StreamExecution } from '../runtime/stream-execution.js'
import type { StructType } from '../types/struct-type.js'
import { DataFrame } from './data-frame.js'
import type { WriterState } from './data-stream-writer.js'
import type { SparkSession } from './session.js'
import { StreamingQuery } from './streaming-query.js'

const modeName = (mode: string) => mode[0]!.toUpperCase() + mode.slice(1)

export class StreamingQueryManager {
  private readonly running = new Map<string, StreamingQuery>()
  private readonly bus = new ListenerBus()
  /** The last termination's outcome (Spark keeps its exception, not the query, which would keep its plan and data). */
  private lastTermination: { readonly failure: StreamingQueryException | null } | undefined
  private terminationWaiters: (() => void)[] = []
  /** Removes the signal handlers installed while queries run. */
  private signalHandlers: (() => void) | undefined
  /** Each run's checkpoint folder, for the live UI's state browser (kept after the run ends). */
  private readonly checkpointDirs = new Map<string, string>()

  constructor(private readonly session: SparkSession) {}

  /** The queries currently running in this session. */
  get active(): StreamingQuery[] {
    return [...this.running.values()]
  }

  /** The checkpoint folder of a run of this session, if it has one (Rivulet's, for the live UI). */
  checkpointLocation(runId: string): string | undefined {
    return this.checkpointDirs.get(runId)
  }

  /** A running run's per-source watermarks (StreamingQuery.sourceWatermarks), for the live UI. */
  sourceWatermarks(runId: string): (string | null)[] | undefined {
    for (const query of this.running.values()) if (query.runId === runId) return query.sourceWatermarks
    return undefined
  }

  get(id: string): StreamingQuery | null {
    return this.running.get(id) ?? null
  }

  addListener(listener: StreamingQueryListener): void {
    this.bus.add(listener)
  }

  removeListener(listener: StreamingQueryListener): void {
    this.bus.remove(listener)
  }

  /** Waits until any query terminates (since creation or resetTerminated); rethrows its failure. */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (!this.lastTermination) {
      const terminated = new Promise<void>((resolve) => this.terminationWaiters.push(resolve))
      if (timeoutMs === undefined) await terminated
      else {
        let timer: NodeJS.Timeout | undefined
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs)
        })
        await Promise.race([terminated, timedOut])
        clearTimeout(timer)
        if (!this.lastTermination) return false
      }
    }
    const failure = this.lastTermination?.failure
    if (failure) throw failure
    return true
  }

  /** Forgets past terminations, so awaitAnyTermination waits for a new one. */
  resetTerminated(): void {
    this.lastTermination = undefined
  }

  /** Validates the query against Spark's rules, creates its source and sink instances, and starts it. */
  startQuery(dataFrame: DataFrame, writer: WriterState): StreamingQuery {
    const { conf } = this.session
    const format = writer.format ?? conf.get('spark.sql.sources.default')
    const name = writer.queryName ?? writer.options.get('queryName')
    if (conf.get('spark.sql.streaming.unsupportedOperationCheck') !== 'false') {
      checkStreamingPlan(
        dataFrame.plan,
        writer.outputMode,
        conf.get('spark.sql.streaming.statefulOperator.checkCorrectness.enabled') !== 'false',
      )
    }
    if (name !== undefined && this.active.some((q) => q.name === name)) {
      throw new IllegalArgumentException(
        `Cannot start query with name ${name} as a query with that name is already active in this SparkSession`,
      )
    }
    const schema = schemaOf(dataFrame.plan.output)
    const context: SinkContext = {
      schema,
      outputMode: writer.outputMode,
      options: writer.options,
      queryName: name,
      conf: (key) => conf.getOption(key),
      write: (text) => process.stdout.write(text),
    }
    // As in Spark, the sink is created (its path and output mode checked) before the checkpoint is resolved.
    const sink = this.createSink(format, context, writer)
    const checkpoint = this.openCheckpoint(format, name, writer)
    const runId = newUuid()
    if (checkpoint) this.checkpointDirs.set(runId, checkpoint.dir)
    // The live UI listens before the query starts, so it sees the query's started event.
    void this.session.startUi()
    let query: StreamingQuery | undefined
    let execution: StreamExecution
    try {
      checkpoint?.acquire(runId)
      execution = createStreamExecution({
        id: checkpoint?.id ?? newUuid(),
        runId,
        name: name ?? null,
        plan: dataFrame.plan,
        outputMode: writer.outputMode,
        trigger: writer.trigger,
        sink,
        conf: (key) => conf.getOption(key),
        confSnapshot: () => conf.snapshot(),
        listenerBus: this.bus,
        clock: this.session.clock,
        checkpoint,
        onTerminated: () => this.terminated(query!),
      })
    } catch (error) {
      checkpoint?.release()
      throw error
    }
    query = new StreamingQuery(execution)
    if (sink instanceof MemorySink) {
      // Spark registers the memory sink's table once the query has started.
      this.session.catalog.register(name!, memoryTableView(schema, sink.table))
    }
    this.running.set(query.id, query)
    this.installInterruptHandler()
    execution.start()
    return query
  }

  /** The query's checkpoint (Spark's resolution rules), or undefined for sinks that keep their logs in memory. */
  private openCheckpoint(format: string, name: string | undefined, writer: WriterState): Checkpoint | undefined {
    const location = resolveCheckpointLocation(
      writer.options.get('checkpointLocation'),
      this.session.conf.getOption('spark.sql.streaming.checkpointLocation'),
      name,
      format,
    )
    if (location === undefined) return undefined
    if (
      format.toLowerCase() === 'memory' &&
      writer.outputMode !== 'complete' &&
      existsSync(join(location, 'offsets'))
    ) {
      throw new AnalysisException(
        `This query does not support recovering from checkpoint location. Delete ${join(location, 'offsets')} to start over.`,
      )
    }
    const checkpoint = new Checkpoint(location)
    if (this.running.has(checkpoint.id)) throw alreadyActive(checkpoint.id)
    return checkpoint
  }

  private createSink(format: string, context: SinkContext, writer: WriterState): Sink {
    if (
      writer.partitionBy.length > 0 &&
      ['memory', 'foreach', 'foreachbatch', 'console', 'noop'].includes(format.toLowerCase())
    ) {
      throw new AnalysisException(`'${format}' does not support partitioning`)
    }
    if (format === 'foreachBatch') {
      const fn = writer.foreachBatch!
      const session = this.session
      const addBatches = async (batchId: number, batches: readonly RecordBatch[]) => {
        try {
          await fn(new DataFrame(session, localRelation(attributesFor(context.schema), batches)), batchId)
        } catch (error) {
          throw foreachBatchError(error)
        }
      }
      return {
        description: 'ForeachBatchSink',
        reportsOutputRows: false,
        addBatch: (batchId: number, batch: RecordBatch) => addBatches(batchId, [batch]),
        addBatches,
      }
    }
    if (format === 'foreach') return new ForeachWriterSink(writer.foreach!, context.schema)
    const provider = sinkProvider(format)
    if (!provider.outputModes.includes(context.outputMode)) {
      throw new AnalysisException(`Data source ${format} does not support ${modeName(context.outputMode)} output mode`)
    }
    if (provider.format === 'memory') {
      if (context.queryName === undefined) throw new AnalysisException('queryName must be specified for memory sink')
      return new MemorySink(new MemorySinkTable(context.outputMode === 'complete'))
    }
    // partitionBy reaches the sink as Spark passes it to data sources: the `__partition_columns` option (JSON).
    const partitioned =
      writer.partitionBy.length === 0
        ? context
        : { ...context, options: context.options.with('__partition_columns', JSON.stringify(writer.partitionBy)) }
    return provider.create(partitioned)
  }

  private terminated(query: StreamingQuery): void {
    this.running.delete(query.id)
    this.lastTermination = { failure: query.exception() }
    for (const resolve of this.terminationWaiters.splice(0)) resolve()
    if (this.running.size === 0) this.removeInterruptHandler()
  }

  /**
   * Ctrl-C (SIGINT) and SIGTERM (a service manager, `docker stop`, Kubernetes) stop the session's queries cleanly —
   * each finishes the batch in flight and commits it — then exit with 128 + the signal's number (130, 143), as a
   * shell expects. The same signal again while stopping gets Node's default (immediate exit).
   */
  private installInterruptHandler(): void {
    if (this.signalHandlers) return
    const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
      const exitCode = signal === 'SIGINT' ? 130 : 143
      const handler = () => {
        void Promise.allSettled(this.active.map((q) => q.stop())).then(() => process.exit(exitCode))
      }
      process.once(signal, handler)
      return [signal, handler] as const
    })
    this.signalHandlers = () => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler)
    }
  }

  private removeInterruptHandler(): void {
    this.signalHandlers?.()
    this.signalHandlers = undefined
  }
}

/** Spark 4's FOREACH_BATCH_USER_FUNCTION_ERROR around what the function threw (Spark's own errors pass through). */
function foreachBatchError(error: unknown): unknown {
  if (error instanceof SparkError && error.errorClass !== undefined) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SparkException(
    `An error occurred in the user provided function in foreach batch sink. Reason: ${reason}`,
    { errorClass: 'FOREACH_BATCH_USER_FUNCTION_ERROR', cause: error },
  )
}

/**
 * The memory sink's table as a view. Made here, not inside startQuery, so the closure holds the table alone: a
 * closure there would share the context that holds the query, keeping its plan and sources alive with the view.
 */
function memoryTableView(schema: StructType, table: MemorySinkTable): () => LocalRelation {
  return () => localRelation(attributesFor(schema), [concatBatches(schema, table.allBatches)])
}
