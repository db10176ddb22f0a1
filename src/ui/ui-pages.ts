// The live UI's HTML pages, after Spark UI's Structured Streaming tab: the query list (Spark's columns, active and
// completed tables) and a run's statistics page (its header; the charts are drawn in the browser by ui-script.ts).
import type { UiQueryRun } from './ui-query-store.js'

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Spark's UIUtils.formatDate: `yyyy/MM/dd HH:mm:ss` in local time. */
export function formatDate(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}/${two(d.getMonth() + 1)}/${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** Spark's UIUtils.formatDurationVerbose: `35 ms`, `5 seconds`, `2 minutes 5 seconds`, `1 hour 2 minutes …`. */
export function formatDurationVerbose(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  const units: [number, string][] = [
    [365 * 86_400_000, 'year'],
    [7 * 86_400_000, 'week'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ]
  const parts: string[] = []
  let rest = ms
  for (const [size, name] of units) {
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0 || parts.length > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`)
    // Like Spark, two units are enough: `1 hour 2 minutes`, not the seconds after them.
    if (parts.length === 2) break
  }
  return parts.join(' ')
}

/** Spark's query status words. */
export function statusOf(run: UiQueryRun): 'RUNNING' | 'FAILED' | 'FINISHED' {
  return run.isActive ? 'RUNNING' : run.exception ? 'FAILED' : 'FINISHED'
}

const average = (values: readonly number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0) / values.length

const twoDecimals = (value: number) => (Number.isNaN(value) ? 'NaN' : value.toFixed(2))

/** A page of the UI: Spark's navigation bar, a title and a body. */
export function page(title: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - Rivulet UI</title>
<link rel="stylesheet" href="/static/uPlot.min.css">
<link rel="stylesheet" href="/static/rivulet-ui.css">
</head>
<body>
<nav><a class="brand" href="/StreamingQuery/">Rivulet</a> <a href="/StreamingQuery/">Structured Streaming</a></nav>
<main>
<h3>${escapeHtml(title)}</h3>
${body}
</main>
${script}
</body>
</html>
`
}

const HEADERS = [
  'Name',
  'Status',
  'ID',
  'Run ID',
  'Start Time',
  'Duration',
  'Avg Input /sec',
  'Avg Process /sec',
  'Latest Batch',
]

function queryRow(run: UiQueryRun, now: number): string {
  const last = run.progress.at(-1)
  const duration = run.isActive ? now - run.startTimestamp : last ? Date.parse(last.timestamp) - run.startTimestamp : 0
  const noProgress = run.progress.length === 0
  const cells = [
    escapeHtml(run.name ?? '<no name>'),
    statusOf(run),
    run.id,
    `<a href="/StreamingQuery/statistics/?id=${run.runId}">${run.runId}</a>`,
    formatDate(run.startTimestamp),
    formatDurationVerbose(duration),
    noProgress ? 'NaN' : twoDecimals(average(run.progress.map((p) => p.inputRowsPerSecond))),
    noProgress ? 'NaN' : twoDecimals(average(run.progress.map((p) => p.processedRowsPerSecond))),
    last ? String(last.batchId) : 'NaN',
  ]
  if (!run.isActive) {
    const error = run.exception ?? '-'
    const firstLine = error.split('\n')[0]!
    cells.push(
      error.includes('\n')
        ? `${escapeHtml(firstLine)}<details><summary>+details</summary><pre>${escapeHtml(error)}</pre></details>`
        : escapeHtml(error),
    )
  }
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
}

function queryTable(id: string, title: string, runs: readonly UiQueryRun[], now: number): string {
  if (runs.length === 0) return ''
  const active = runs[0]!.isActive
  const headers = active ? HEADERS : [...HEADERS, 'Error']
  return `<h5 id="${id}queries">${title} (${runs.length})</h5>
<table id="${id}-table" class="queries">
<thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>${runs.map((run) => queryRow(run, now)).join('\n')}</tbody>
</table>`
}

/** The tables of the query list page (also sent alone, for the page's live refresh). */
export function queryTables(runs: readonly UiQueryRun[], now: number): string {
  const active = runs.filter((r) => r.isActive)
  const completed = runs.filter((r) => !r.isActive)
  const tables =
    queryTable('active', 'Active Streaming Queries', active, now) +
    queryTable('completed', 'Completed Streaming Queries', completed, now)
  return tables || '<p>No streaming queries have run in this session yet.</p>'
}

export function queryListPage(runs: readonly UiQueryRun[], now: number): string {
  return page(
    'Streaming Query',
    `<div id="queries">${queryTables(runs, now)}</div>`,
    '<script src="/static/rivulet-ui.js"></script><script>RivuletUi.liveList()</script>',
  )
}

/** Spark's statistics page header; the chart table is filled in by the page's script from the progress API. */
export function statisticsPage(run: UiQueryRun, now: number): string {
  const last = run.progress.at(-1)
  const first = run.progress[0]
  const duration = run.isActive
    ? formatDurationVerbose(now - run.startTimestamp)
    : last && first
      ? formatDurationVerbose(Date.parse(last.timestamp) - Date.parse(first.timestamp))
      : '-'
  const batches = last ? last.batchId + 1 : 0
  const body = `<div>Running batches for <strong id="duration">${duration}</strong> since <strong>${formatDate(run.startTimestamp)}</strong> (<strong id="completed-batches">${batches}</strong> completed batches)</div>
<br>
<div><strong>Name: </strong>${escapeHtml(run.name ?? '<no name>')}</div>
<div><strong>Id: </strong>${run.id}</div>
<div><strong>RunId: </strong>${run.runId}</div>
<div><a id="state-link" href="/StreamingQuery/state/?id=${run.runId}">State browser</a></div>
<br>
<div id="empty-streaming-query-message"${last ? ' hidden' : ''}><b>No visualization information available because there is no batch.</b></div>
<table id="stat-table" class="stats"${last ? '' : ' hidden'}>
<thead><tr><th></th><th>Timelines</th><th>Histograms</th></tr></thead>
<tbody></tbody>
</table>
<div id="details"></div>`
  const script = `<script src="/static/uPlot.iife.min.js"></script>
<script src="/static/rivulet-ui.js"></script>
<script>RivuletUi.statistics(${JSON.stringify(run.runId)}, ${run.startTimestamp})</script>`
  return page('Streaming Query Statistics', body, script)
}

export function notFoundPage(message: string): string {
  return page('Not Found', `<p>${escapeHtml(message)}</p>`)
}
