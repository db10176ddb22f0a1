// Runs a query in Rivulet over the pre-generated batches: one micro-batch per input batch through MemoryStreams
// (addData + processAllAvailable, timed with performance.now()), or as a static query for 'batch' queries.
import { getHeapStatistics } from 'node:v8'
import { concatBatches, type RecordBatch } from '../../src/arrow/index.js'
import type { NexmarkTable } from '../../src/connectors/sources/nexmark/config.js'
import { NEXMARK_SCHEMAS } from '../../src/connectors/sources/nexmark/schemas.js'
import { type DataFrame, MemoryStream, SparkSession, type StreamingQuery } from '../../src/index.js'
import { freshCopy, type NexmarkInputs, WATERMARK_DELAY_US } from './generator.js'
import type { NexmarkQuery } from './query.js'
import type { ResultSet } from './results/cells.js'
import { materialize } from './results/materialize.js'

export type Variant = 'sql' | 'dataframe'

export interface RivuletMeasure {
  readonly wallMs: number
  /** Process CPU time (user + system, all threads) during the timed run. */
  readonly cpuMs: number
  /** Wall time of each micro-batch (addData → processAllAvailable resolved). */
  readonly latenciesMs: readonly number[]
  /** `durationMs.triggerExecution` of each progress report with input rows. */
  readonly triggerMs: readonly number[]
  readonly peakHeapBytes: number
  /** Largest sum of `stateOperators[].memoryUsedBytes` seen after a micro-batch. */
  readonly peakStateBytes: number
  readonly finalStateRows: number
  /** The watermark Rivulet reported last (ms since the epoch), if any. */
  readonly watermarkMs: number | undefined
  /** The answer, read from the sink's batches when first asked for (after, and outside, the timed run). */
  readonly result: ResultSet
}

/** A measure whose `result` is computed on first access. */
function withLazyResult(fields: Omit<RivuletMeasure, 'result'>, compute: () => ResultSet): RivuletMeasure {
  let result: ResultSet | undefined
  return {
    ...fields,
    get result() {
      result ??= compute()
      return result
    },
  }
}

/** Session settings every run gets: one thread unless a runner asks for more (`spark.master`). */
const sessionConf: Record<string, string> = { 'spark.sql.session.timeZone': 'UTC', 'spark.master': 'local[1]' }

/** Changes the settings of the runs that follow (e.g. `spark.master` for bench:parallel). */
export function configureRuns(conf: Readonly<Record<string, string>>): void {
  Object.assign(sessionConf, conf)
}

function session(): SparkSession {
  const spark = new SparkSession()
  for (const [key, value] of Object.entries(sessionConf)) spark.conf.set(key, value)
  return spark
}

function build(
  spark: SparkSession,
  query: NexmarkQuery,
  variant: Variant,
  frames: Record<NexmarkTable, DataFrame>,
): DataFrame {
  for (const [name, frame] of Object.entries(frames)) frame.createOrReplaceTempView(name)
  return variant === 'sql' ? spark.sql(query.sql) : query.dataFrame(frames)
}

/** Starts the streaming query of `df` in the query's output mode, collecting each micro-batch's output as Arrow. */
export function startCollecting(
  df: DataFrame,
  query: NexmarkQuery,
): { query: StreamingQuery; outputs: RecordBatch[]; mode: 'append' | 'update' | 'complete' } {
  const outputs: RecordBatch[] = []
  const mode = query.mode as 'append' | 'update' | 'complete'
  const started = df.writeStream
    .outputMode(mode)
    .foreachBatch((batch) => {
      outputs.push(batch.toArrow())
    })
    .start()
  return { query: started, outputs, mode }
}

/** Runs `query` over fresh Arrow objects of `inputs` (see freshCopy: no caches carried over from other runs). */
export async function runRivulet(
  query: NexmarkQuery,
  variant: Variant,
  inputs: NexmarkInputs,
): Promise<RivuletMeasure> {
  const fresh = freshCopy(inputs)
  return query.mode === 'batch' ? runStatic(query, variant, fresh) : runStreaming(query, variant, fresh)
}

async function runStreaming(query: NexmarkQuery, variant: Variant, inputs: NexmarkInputs): Promise<RivuletMeasure> {
  const spark = session()
  const streams = new Map<NexmarkTable, MemoryStream>()
  const frames = {} as Record<NexmarkTable, DataFrame>
  for (const name of query.streams) {
    const stream = new MemoryStream(spark, NEXMARK_SCHEMAS[name])
    streams.set(name, stream)
    frames[name] = stream.toDF().withWatermark('dateTime', `${WATERMARK_DELAY_US / 1_000_000} seconds`)
  }
  const df = build(spark, query, variant, frames)
  const names = df.columns
  const { query: q, outputs, mode } = startCollecting(df, query)
  await q.processAllAvailable()
  const latenciesMs: number[] = []
  const triggerMs: number[] = []
  let lastBatchId = q.lastProgress?.batchId ?? -1
  let peakHeapBytes = getHeapStatistics().used_heap_size
  let peakStateBytes = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const batches = inputs.bid.length
  for (let i = 0; i < batches; i++) {
    const t0 = performance.now()
    for (const [name, stream] of streams) {
      const batch = inputs[name][i]!
      if (batch.numRows > 0) stream.addData(batch)
    }
    await q.processAllAvailable()
    latenciesMs.push(performance.now() - t0)
    peakHeapBytes = Math.max(peakHeapBytes, getHeapStatistics().used_heap_size)
    const progress = q.lastProgress
    if (progress && progress.batchId !== lastBatchId && progress.numInputRows > 0) {
      triggerMs.push(progress.durationMs.triggerExecution ?? 0)
      lastBatchId = progress.batchId
    }
    const state = progress?.stateOperators ?? []
    peakStateBytes = Math.max(
      peakStateBytes,
      state.reduce((sum, s) => sum + s.memoryUsedBytes, 0),
    )
  }
  await q.processAllAvailable()
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  const last = q.lastProgress
  const failure = q.exception()
  await q.stop()
  // Ends the session (and its live UI server, which would otherwise keep it and its inputs alive for the next runs).
  await spark.stop()
  if (failure) throw failure
  const watermark = last?.eventTime?.watermark
  return withLazyResult(
    {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      latenciesMs,
      triggerMs,
      peakHeapBytes,
      peakStateBytes,
      finalStateRows: (last?.stateOperators ?? []).reduce((sum, s) => sum + s.numRowsTotal, 0),
      watermarkMs: watermark === undefined ? undefined : Date.parse(watermark),
    },
    () => checked(query, materialize(mode, outputs, names, query.keyColumns)),
  )
}

async function runStatic(query: NexmarkQuery, variant: Variant, inputs: NexmarkInputs): Promise<RivuletMeasure> {
  const spark = session()
  const frames = {} as Record<NexmarkTable, DataFrame>
  for (const name of query.streams)
    frames[name] = spark.createDataFrame(concatBatches(NEXMARK_SCHEMAS[name], inputs[name]))
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const df = build(spark, query, variant, frames)
  const names = df.columns
  const output = df.toArrow()
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return withLazyResult(
    {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      latenciesMs: [wallMs],
      triggerMs: [],
      peakHeapBytes: getHeapStatistics().used_heap_size,
      peakStateBytes: 0,
      finalStateRows: 0,
      watermarkMs: undefined,
    },
    () => checked(query, materialize('append', [output], names)),
  )
}

function checked(query: NexmarkQuery, result: ResultSet): ResultSet {
  return query.checkedAs ? query.checkedAs(result) : result
}
