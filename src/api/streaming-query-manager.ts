// spark.streams: starts queries, knows the active ones, waits for terminations, and holds the listeners.

import { checkStreamingPlan } from '../analyzer/unsupported-operations.js'
import { concatBatches, type RecordBatch } from '../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { newUuid } from '../common/ids.js'
import { sinkProvider } from '../connectors/registry.js'
import type { Sink, SinkContext } from '../connectors/sink.js'
import { MemorySink, MemorySinkTable } from '../connectors/sinks/memory.js'
import { attributesFor, localRelation, schemaOf } from '../logical/plan.js'
import { createStreamExecution } from '../runtime/create-execution.js'
import { ListenerBus, type StreamingQueryListener } from '../runtime/listener.js'
import { DataFrame } from './data-frame.js'
import type { WriterState } from './data-stream-writer.js'
import type { SparkSession } from './session.js'
import { StreamingQuery } from './streaming-query.js'

const modeName = (mode: string) => mode[0]!.toUpperCase() + mode.slice(1)

export class StreamingQueryManager {
  private readonly running = new Map<string, StreamingQuery>()
  private readonly bus = new ListenerBus()
  private lastTerminated: StreamingQuery | undefined
  private terminationWaiters: (() => void)[] = []
  private interruptHandler: (() => void) | undefined

  constructor(private readonly session: SparkSession) {}

  /** The queries currently running in this session. */
  get active(): StreamingQuery[] {
    return [...this.running.values()]
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
    if (!this.lastTerminated) {
      const terminated = new Promise<void>((resolve) => this.terminationWaiters.push(resolve))
      if (timeoutMs === undefined) await terminated
      else {
        let timer: NodeJS.Timeout | undefined
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs)
        })
        await Promise.race([terminated, timedOut])
        clearTimeout(timer)
        if (!this.lastTerminated) return false
      }
    }
    const failure = this.lastTerminated?.exception()
    if (failure) throw failure
    return true
  }

  /** Forgets past terminations, so awaitAnyTermination waits for a new one. */
  resetTerminated(): void {
    this.lastTerminated = undefined
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
    const sink = this.createSink(format, context, writer)
    let query: StreamingQuery | undefined
    const execution = createStreamExecution({
      id: newUuid(),
      runId: newUuid(),
      name: name ?? null,
      plan: dataFrame.plan,
      outputMode: writer.outputMode,
      trigger: writer.trigger,
      sink,
      conf: (key) => conf.getOption(key),
      listenerBus: this.bus,
      clock: this.session.clock,
      onTerminated: () => this.terminated(query!),
    })
    query = new StreamingQuery(execution)
    this.running.set(query.id, query)
    this.installInterruptHandler()
    execution.start()
    return query
  }

  private createSink(format: string, context: SinkContext, writer: WriterState): Sink {
    if (writer.partitionBy.length > 0 && ['memory', 'foreachbatch', 'console', 'noop'].includes(format.toLowerCase())) {
      throw new AnalysisException(`'${format}' does not support partitioning`)
    }
    if (format === 'foreachBatch') {
      const fn = writer.foreachBatch!
      const session = this.session
      return {
        description: 'ForeachBatchSink',
        async addBatch(batchId: number, batch: RecordBatch) {
          await fn(new DataFrame(session, localRelation(attributesFor(context.schema), [batch])), batchId)
        },
      }
    }
    const provider = sinkProvider(format)
    if (!provider.outputModes.includes(context.outputMode)) {
      throw new AnalysisException(`Data source ${format} does not support ${modeName(context.outputMode)} output mode`)
    }
    if (provider.format === 'memory') {
      if (context.queryName === undefined) throw new AnalysisException('queryName must be specified for memory sink')
      const table = new MemorySinkTable(context.outputMode === 'complete')
      this.session.catalog.register(context.queryName, () =>
        localRelation(attributesFor(context.schema), [concatBatches(context.schema, table.allBatches)]),
      )
      return new MemorySink(table)
    }
    return provider.create(context)
  }

  private terminated(query: StreamingQuery): void {
    this.running.delete(query.id)
    this.lastTerminated = query
    for (const resolve of this.terminationWaiters.splice(0)) resolve()
    if (this.running.size === 0) this.removeInterruptHandler()
  }

  /** Ctrl-C stops the session's queries cleanly (each finishes its batch), then exits with 130 as a shell expects. */
  private installInterruptHandler(): void {
    if (this.interruptHandler) return
    this.interruptHandler = () => {
      void Promise.allSettled(this.active.map((q) => q.stop())).then(() => process.exit(130))
    }
    process.once('SIGINT', this.interruptHandler)
  }

  private removeInterruptHandler(): void {
    if (this.interruptHandler) process.removeListener('SIGINT', this.interruptHandler)
    this.interruptHandler = undefined
  }
}
