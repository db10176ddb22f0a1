// A worker thread's side of the query: it runs the stages the driver gave it over the state partitions it owns
// (p ≡ worker mod workers), one request at a time — open, restore, then per batch: each stage's epoch on the rows
// routed to it (the first beginning the batch, the last reporting metrics and event times), then commit.
import { parentPort } from 'node:worker_threads'
import { batchesFromIpc, batchesToIpc, type RecordBatch } from '../../arrow/index.js'
import { IllegalStateException, messageOf } from '../../common/errors.js'
import type { SourceTask } from '../../connectors/source.js'
import { schemaOf } from '../../logical/plan.js'
import { type EventTimeStats, emptyStats } from '../../operators/event-time-stats.js'
import { PlanExecution } from '../../physical/plan-execution.js'
import type { StructType } from '../../types/struct-type.js'
import { OperatorInstances } from '../operator-instances.js'
import { buffersOf, exportTables, importTables, type TableRows } from '../state-handover.js'
import type {
  EndBatchReply,
  ExportReply,
  OpenReply,
  OpenRequest,
  StageReply,
  StageRequest,
  WorkerEnvelope,
  WorkerReply,
  WorkerRequest,
} from './messages.js'
import { PeerShuffle } from './peer-shuffle.js'
import { ShuffleExchangeExec } from './shuffle-exchange-exec.js'
import { taskReader } from './task-readers.js'

interface Stage {
  readonly execution: PlanExecution
  /** The schema of each source the stage scans, by source index. */
  readonly sources: ReadonlyMap<number, StructType>
  readonly outputSchema: StructType
}

class StageWorker {
  private stages = new Map<number, Stage>()
  private instances: OperatorInstances | undefined
  private fault: OpenRequest['fault']
  private sources: OpenRequest['sources'] = {}
  private conf: OpenRequest['conf'] = {}
  private shuffle: PeerShuffle | undefined
  private worker = -1

  async handle(request: WorkerRequest): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> {
    switch (request.kind) {
      case 'open':
        return { value: this.open(request) }
      case 'restore':
        this.instances!.restore(request.version)
        return { value: null }
      case 'stage':
        return this.stage(request)
      case 'endBatch':
        return { value: this.endBatch() }
      case 'commit':
        await this.instances!.commit(request.version)
        return { value: null }
      case 'export':
        return this.exportRows()
      case 'close':
        for (const { execution } of this.stages.values()) execution.close()
        this.shuffle?.close()
        return { value: null }
    }
  }

  private open(request: OpenRequest): OpenReply {
    const { worker, workers } = request
    this.fault = request.fault
    this.worker = worker
    this.sources = request.sources
    this.conf = request.conf
    const instances = new OperatorInstances(
      request.outputMode,
      {
        operatorDir: (id) => request.operatorDirs[id],
        minDeltasForSnapshot: request.minDeltasForSnapshot,
        minBatchesToRetain: request.minBatchesToRetain,
      },
      (n) => Array.from({ length: n }, (_, p) => p).filter((p) => p % workers === worker),
    )
    const peers = new Map(Object.entries(request.peers).map(([w, port]) => [Number(w), port]))
    this.shuffle = new PeerShuffle(worker, workers, peers)
    const shuffle = this.shuffle
    for (const { stageId, plan } of request.stages) {
      const execution = new PlanExecution(plan, (node) =>
        node.kind === 'Exchange' ? new ShuffleExchangeExec(node, shuffle) : undefined,
      )
      instances.open(execution)
      const sources = new Map<number, StructType>()
      for (const node of execution.nodes) {
        if (node.plan.kind === 'StreamScan') sources.set(node.plan.sourceIndex, schemaOf(node.plan.output))
      }
      this.stages.set(stageId, { execution, sources, outputSchema: schemaOf(plan.output) })
    }
    this.instances = instances
    for (const { plan, state } of instances.stateful) importTables(state, request.initialRows?.[plan.operatorId] ?? {})
    const tables: Record<number, OpenReply['tables'][number]> = {}
    for (const { plan, state } of instances.stateful) tables[plan.operatorId] = state.tables.map((t) => t.spec)
    return { tables, noDataOperators: instances.noDataOperators() }
  }

  private async stage(request: StageRequest): Promise<{ value: StageReply; transfer: ArrayBuffer[] }> {
    const stage = this.stages.get(request.stageId)!
    if (request.first) this.instances!.beginBatch()
    if (this.fault?.batchId === request.ctx.batchId && this.fault.worker === this.worker) {
      if (this.fault.kind === 'exit') process.exit(3)
      throw new Error(`injected failure in batch ${request.ctx.batchId}`)
    }
    const sourceBatches = new Map<number, readonly RecordBatch[]>()
    const sourceRows: Record<number, number> = {}
    for (const [index, schema] of stage.sources) {
      const tasks = request.tasks[index]
      if (tasks) {
        const batches = await this.readTasks(index, tasks)
        sourceBatches.set(index, batches)
        sourceRows[index] = batches.reduce((sum, b) => sum + b.numRows, 0)
        continue
      }
      const bytes = request.sources[index]
      sourceBatches.set(index, bytes ? batchesFromIpc(bytes, schema) : [])
    }
    const epoch = stage.execution.runEpoch({ ...request.ctx, isStreaming: true, sourceBatches })
    const output = epoch instanceof Promise ? await epoch : epoch
    const report = request.last ? { report: this.endBatch() } : {}
    if (output.length === 0) return { value: { output: null, sourceRows, ...report }, transfer: [] }
    const bytes = batchesToIpc(stage.outputSchema, output)
    return { value: { output: bytes, sourceRows, ...report }, transfer: [bytes.buffer as ArrayBuffer] }
  }

  /** Reads a source's tasks given to this worker, as the source's provider does. */
  private async readTasks(index: number, tasks: readonly SourceTask[]): Promise<RecordBatch[]> {
    if (tasks.length === 0) return []
    const source = this.sources[index]!
    const provider = await taskReader(source.format)
    if (!provider.readTasks) throw new IllegalStateException(`Source format ${source.format} cannot read tasks`)
    return provider.readTasks(source, tasks, (key) => this.conf[key])
  }

  /** Every table's rows of this worker's partitions, for the driver that takes the stages back. */
  private exportRows(): { value: ExportReply; transfer: ArrayBuffer[] } {
    const value: Record<number, TableRows> = {}
    for (const { plan, state } of this.instances!.stateful) value[plan.operatorId] = exportTables(state)
    return { value, transfer: buffersOf(value) }
  }

  private endBatch(): EndBatchReply {
    const metrics: Record<number, EndBatchReply['metrics'][number]> = {}
    const partitionRows: Record<number, Record<number, number>> = {}
    for (const { plan, state, metrics: m } of this.instances!.stateful) {
      metrics[plan.operatorId] = m
      const rows: Record<number, number> = {}
      state.rowsPerPartition().forEach((count, p) => {
        if (state.partitions.includes(p)) rows[p] = count
      })
      partitionRows[plan.operatorId] = rows
    }
    const eventTimes: Record<string, EventTimeStats> = {}
    for (const { execution } of this.stages.values()) {
      for (const node of execution.nodes) {
        if (node.plan.kind === 'EventTimeWatermark')
          eventTimes[node.plan.id] = node.op.takeEventTimeStats?.() ?? emptyStats()
      }
    }
    return { metrics, partitionRows, eventTimes }
  }
}

const port = parentPort!
const worker = new StageWorker()
let queue: Promise<void> = Promise.resolve()
port.on('message', (envelope: WorkerEnvelope) => {
  // One request at a time, in order: a stage's epoch never overlaps the next request.
  queue = queue.then(async () => {
    let reply: WorkerReply
    let transfer: ArrayBuffer[] = []
    try {
      const outcome = await worker.handle(envelope.request)
      reply = { id: envelope.id, ok: true, value: outcome.value }
      transfer = outcome.transfer ?? []
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error))
      const errorClass = (e as { errorClass?: string }).errorClass
      reply = { id: envelope.id, ok: false, error: { name: e.name, message: messageOf(e), errorClass, stack: e.stack } }
    }
    port.postMessage(reply, transfer)
  })
})
