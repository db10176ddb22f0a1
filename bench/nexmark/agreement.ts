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

/** One query's figures and comparisons (the answers themselves are dropped once compared). */
export interface QueryRun {
  readonly query: NexmarkQuery
  readonly context: QueryContext
  readonly sql: Omit<RivuletMeasure, 'result'>
  readonly dataframe: Omit<RivuletMeasure, 'result'>
  readonly loop: Omit<BaselineMeasure, 'result'>
  readonly duckdb: Omit<BaselineMeasure, 'result'>
  readonly comparisons: readonly { readonly label: string; readonly comparison: Comparison }[]
  readonly agreed: boolean
}

export interface RunOptions {
  /** Micro-batches of a warm-up run (JIT) before the timed Rivulet and loop runs; 0 for none. */
  readonly warmupBatches?: number
  /** Timed runs of Rivulet SQL, the loop and DuckDB; the fastest of each counts (a shared machine is noisy). */
  readonly repeat?: number
}

/** The fastest of `times` runs. */
async function best<T extends { readonly wallMs: number }>(times: number, run: () => Promise<T> | T): Promise<T> {
  let fastest = await run()
  for (let i = 1; i < times; i++) {
    const next = await run()
    if (next.wallMs < fastest.wallMs) fastest = next
  }
  return fastest
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

/** A measure without its answer (kept after the comparison, so answers do not pile up in memory). */
function figures<T extends { readonly result: ResultSet }>(measure: T): Omit<T, 'result'> {
  const { result: _compared, ...rest } = measure
  return rest
}

/**
 * Runs the query every way and compares each answer with DuckDB's as soon as it exists: DuckDB first, then Rivulet
 * SQL, Rivulet DataFrame and the loop, each answer dropped once compared (peak memory: two answers, not four).
 */
export async function runQuery(
  query: NexmarkQuery,
  inputs: NexmarkInputs,
  peer: DuckDBPeer,
  { warmupBatches = 5, repeat = 1 }: RunOptions = {},
): Promise<QueryRun> {
  const context: QueryContext = { finalWatermarkUs: finalWatermarkUs(inputs, query.streams) }
  if (warmupBatches > 0) {
    const warm = prefix(inputs, warmupBatches)
    const warmContext = { finalWatermarkUs: finalWatermarkUs(warm, query.streams) }
    query.loop(warm, warmContext)
    await runRivulet(query, 'sql', warm)
    await runRivulet(query, 'dataframe', warm)
  }
  const options = { floatColumns: query.floatColumns }
  const duckdb = await best(repeat, () => timeDuckDB(query, peer, context))
  const comparisons: { label: string; comparison: Comparison }[] = []
  const check = <T extends { readonly result: ResultSet }>(label: string, measure: T): Omit<T, 'result'> => {
    comparisons.push({
      label: `${label} vs DuckDB`,
      comparison: compareResults(label, measure.result, 'DuckDB', duckdb.result, options),
    })
    return figures(measure)
  }
  const sql = check('Rivulet SQL', await best(repeat, () => runRivulet(query, 'sql', inputs)))
  const dataframe = check('Rivulet DataFrame', await runRivulet(query, 'dataframe', inputs))
  const loop = check('loop', await best(repeat, () => timeLoop(query, inputs, context)))
  return {
    query,
    context,
    sql,
    dataframe,
    loop,
    duckdb: figures(duckdb),
    comparisons,
    agreed: comparisons.every((c) => c.comparison.equal),
  }
}
