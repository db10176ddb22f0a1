// The runner's printed figures: machine line, one table row per query (Rivulet beside the loop and DuckDB), and
// the disagreements in full.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { percentile } from '../support.js'
import type { QueryRun } from './agreement.js'

export const mega = (perSecond: number) =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M` : `${(perSecond / 1e3).toFixed(0)} K`

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)}`

export const thousands = (n: number) => n.toLocaleString('en-US')

export function machineLine(): string {
  let debian = ''
  try {
    debian = ` (Debian ${readFileSync('/etc/debian_version', 'utf8').trim()})`
  } catch {}
  const cpu = cpus()
  return `Node ${process.version}, ${process.platform} ${process.arch}${debian}, ${cpu.length} cores (${cpu[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${loadLine()}`
}

/** The commit the engine was loaded from, and whether src/ had uncommitted changes then (figures depend on both). */
export function codeLine(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const dirty = git('status', '--porcelain', '--', 'src', 'grammar').split('\n').filter(Boolean).length
    return `code: ${git('rev-parse', '--short', 'HEAD')}${dirty > 0 ? ` + ${dirty} uncommitted files in src/ and grammar/` : ''}`
  } catch {
    return 'code: (not a git checkout)'
  }
}

/** The 1-minute load average: other processes competing for the cores make every figure worse. */
export function loadLine(): string {
  return `load average ${loadavg()[0]!.toFixed(2)}`
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0))

/** One query's figures, summarized (the results themselves are dropped once compared). */
export interface QuerySummary {
  readonly name: string
  readonly mode: string
  readonly events: number
  readonly sqlMs: number
  readonly sqlCpuMs: number
  readonly dataframeMs: number
  readonly p50: number
  readonly p99: number
  readonly triggerP50: number
  readonly peakHeapBytes: number
  readonly peakStateBytes: number
  readonly stateRows: number
  readonly loopMs: number
  readonly duckdbMs: number
  readonly duckdbCpuMs: number
  readonly rows: number
  readonly agreed: boolean
  readonly disagreements: readonly string[]
}

export function summarize(run: QueryRun, events: number): QuerySummary {
  return {
    name: run.query.name,
    mode: run.query.mode,
    events,
    sqlMs: run.sql.wallMs,
    sqlCpuMs: run.sql.cpuMs,
    dataframeMs: run.dataframe.wallMs,
    p50: percentile(run.sql.latenciesMs, 50),
    p99: percentile(run.sql.latenciesMs, 99),
    triggerP50: percentile(run.sql.triggerMs, 50),
    peakHeapBytes: run.sql.peakHeapBytes,
    peakStateBytes: run.sql.peakStateBytes,
    stateRows: run.sql.finalStateRows,
    loopMs: run.loop.wallMs,
    duckdbMs: run.duckdb.wallMs,
    duckdbCpuMs: run.duckdb.cpuMs,
    rows: run.comparisons[0]!.comparison.rows[1],
    agreed: run.agreed,
    disagreements: run.comparisons
      .filter((c) => !c.comparison.equal)
      .map((c) => `${run.query.name}: ${c.label}: ${c.comparison.detail}`),
  }
}

const COLUMNS = [
  ['query', 5],
  ['mode', 7],
  ['Rivulet ev/s', 12],
  ['cores', 5],
  ['ev/s/core', 10],
  ['p50 ms', 7],
  ['p99 ms', 7],
  ['heap MB', 7],
  ['state MB', 8],
  ['DataFrame ev/s', 14],
  ['loop ms', 8],
  ['÷loop', 6],
  ['DuckDB ms', 9],
  ['its cores', 9],
  ['÷DuckDB', 7],
  ['rows', 10],
  ['agree', 5],
] as const

export function tableHeader(): string {
  return COLUMNS.map(([name, width]) => name.padStart(width)).join('  ')
}

export function tableRow(s: QuerySummary): string {
  const cores = s.sqlCpuMs / s.sqlMs
  const perSecond = (s.events / s.sqlMs) * 1000
  const cells = [
    s.name,
    s.mode,
    mega(perSecond),
    cores.toFixed(2),
    mega(perSecond / cores),
    s.p50.toFixed(1),
    s.p99.toFixed(1),
    mb(s.peakHeapBytes),
    s.mode === 'batch' ? '-' : mb(s.peakStateBytes),
    mega((s.events / s.dataframeMs) * 1000),
    ms(s.loopMs),
    (s.sqlMs / s.loopMs).toFixed(1),
    ms(s.duckdbMs),
    (s.duckdbCpuMs / s.duckdbMs).toFixed(2),
    (s.sqlMs / s.duckdbMs).toFixed(1),
    thousands(s.rows),
    s.agreed ? 'yes' : 'NO',
  ]
  return cells.map((cell, i) => cell.padStart(COLUMNS[i]![1])).join('  ')
}

export const LEGEND = [
  'ev/s counts every generated event (person + auction + bid) per wall-clock second, as Nexmark reports do; cores =',
  'process CPU time / wall time during the run (GC threads included); ev/s/core = ev/s / cores. p50/p99: wall time',
  'of a micro-batch (addData → processAllAvailable). heap: peak V8 heap used; state: peak stateOperators memory.',
  '÷loop, ÷DuckDB: Rivulet SQL time / baseline time (1.0 = as fast; 3.0 = three times slower). DuckDB runs the query as a',
  'batch over tables loaded beforehand, with all its threads (its cores: its CPU / wall time); rows: the answer’s rows; agree: Rivulet SQL,',
  'Rivulet DataFrame and the loop all equal DuckDB’s answer (rows compared as multisets).',
]
