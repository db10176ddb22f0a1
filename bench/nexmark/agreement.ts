// Runs one query every way — Rivulet SQL, Rivulet DataFrame, the hand-written loop, DuckDB — over the same
// batches, and compares each answer with DuckDB's.
import type { DuckDBPeer } from './duckdb-peer.js'
import { finalWatermarkUs, type NexmarkInputs, prefix } from './generator.js'
import type { NexmarkQuery, QueryContext } from './query.js'
import { arrowResult } from './results/arrow-result.js'
import type { ResultSet } from './results/cells.js'
import { type Comparison, compareResults } from './results/compare.js'
import { duckdbResult } from './results/duckdb-result.js'
import { type RivuletMeasure, runRivulet } from './rivulet-run.js'

export interface BaselineMeasure {
  readonly wallMs: number
  readonly cpuMs: number
  readonly result: ResultSet
}

export interface QueryRun {
  readonly query: NexmarkQuery
  readonly context: QueryContext
  readonly sql: RivuletMeasure
  readonly dataframe: RivuletMeasure
  readonly loop: BaselineMeasure
  readonly duckdb: BaselineMeasure
  readonly comparisons: readonly { readonly label: string; readonly comparison: Comparison }[]
  readonly agreed: boolean
}

export interface RunOptions {
  /** Micro-batches of a warm-up run (JIT) before the timed Rivulet and loop runs; 0 for none. */
  readonly warmupBatches?: number
}

function timeLoop(query: NexmarkQuery, inputs: NexmarkInputs, context: QueryContext): BaselineMeasure {
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const batches = query.loop(inputs, context)
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result: arrowResult(batches) }
}

async function timeDuckDB(query: NexmarkQuery, peer: DuckDBPeer, context: QueryContext): Promise<BaselineMeasure> {
  const sql = query.duckdb(context)
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const result = await peer.run(sql)
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result: duckdbResult(result) }
}

export async function runQuery(
  query: NexmarkQuery,
  inputs: NexmarkInputs,
  peer: DuckDBPeer,
  { warmupBatches = 5 }: RunOptions = {},
): Promise<QueryRun> {
  const context: QueryContext = { finalWatermarkUs: finalWatermarkUs(inputs, query.streams) }
  if (warmupBatches > 0) {
    const warm = prefix(inputs, warmupBatches)
    const warmContext = { finalWatermarkUs: finalWatermarkUs(warm, query.streams) }
    query.loop(warm, warmContext)
    await runRivulet(query, 'sql', warm)
    await runRivulet(query, 'dataframe', warm)
  }
  const sql = await runRivulet(query, 'sql', inputs)
  const dataframe = await runRivulet(query, 'dataframe', inputs)
  const loop = timeLoop(query, inputs, context)
  const duckdb = await timeDuckDB(query, peer, context)
  const options = { floatColumns: query.floatColumns }
  const comparisons = [
    {
      label: 'Rivulet SQL vs DuckDB',
      comparison: compareResults('Rivulet SQL', sql.result, 'DuckDB', duckdb.result, options),
    },
    {
      label: 'Rivulet DataFrame vs DuckDB',
      comparison: compareResults('Rivulet DataFrame', dataframe.result, 'DuckDB', duckdb.result, options),
    },
    { label: 'loop vs DuckDB', comparison: compareResults('loop', loop.result, 'DuckDB', duckdb.result, options) },
  ]
  return {
    query,
    context,
    sql,
    dataframe,
    loop,
    duckdb,
    comparisons,
    agreed: comparisons.every((c) => c.comparison.equal),
  }
}
