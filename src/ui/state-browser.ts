// The live UI's state browser (beyond Spark): a run's stateful operators with their partitions, rows and bytes from
// the latest progress, the state stores its checkpoint holds, and a page of one store's keys and values read through
// the `statestore` and `state-metadata` readers, as `spark.read.format('statestore')` returns them.
import { cellText } from '../arrow/cell-text.js'
import { columnsOf } from '../arrow/index.js'
import { SparkError } from '../common/errors.js'
import { readStateMetadataTable, readStateStore, type StateRows } from '../state/state-source.js'
import { simpleString } from '../types/data-types.js'
import { escapeHtml, page } from './ui-pages.js'
import type { UiQueryRun } from './ui-query-store.js'

/** Rows of a state store shown per page. */
export const STATE_PAGE_ROWS = 25

/** What the browser shows of one state store; absent parameters pick the run's first store and the first page. */
export interface StateView {
  readonly operatorId?: number
  readonly storeName?: string
  /** 1-based. */
  readonly page?: number
  /** The session time zone, for timestamp keys and values. */
  readonly zone: string
}

const table = (id: string, caption: string, headers: readonly string[], rows: readonly (readonly string[])[]) =>
  `<table id="${id}" class="details"><caption>${escapeHtml(caption)}</caption>
<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody>
</table>`

const browseHref = (run: UiQueryRun, operatorId: number, store: string, pageNumber = 1) =>
  `/StreamingQuery/state/?id=${run.runId}&amp;operator=${operatorId}&amp;store=${encodeURIComponent(store)}&amp;page=${pageNumber}`

/** The latest progress's state operators: partitions, rows (in all and per partition) and bytes. */
function operatorsTable(run: UiQueryRun): string {
  const operators = run.progress.at(-1)?.stateOperators ?? []
  if (operators.length === 0) return '<p id="no-state-operators">The latest batch reported no stateful operators.</p>'
  return table(
    'state-operators',
    'Stateful operators (latest batch)',
    ['Operator', 'Partitions', 'Total state rows', 'State rows per partition', 'Memory used (bytes)', 'Updated rows'],
    operators.map((op, i) => [
      escapeHtml(`${i}: ${op.operatorName}`),
      String(op.numShufflePartitions),
      String(op.numRowsTotal),
      (op.numRowsPerPartition ?? [op.numRowsTotal]).join(' / '),
      String(op.memoryUsedBytes),
      String(op.numRowsUpdated),
    ]),
  )
}

/** The reader's message for a checkpoint it cannot read (no batch committed yet, a missing schema...). */
const readerError = (error: unknown) =>
  `<p class="state-error">${escapeHtml(error instanceof SparkError ? error.message : String(error))}</p>`

interface StoreRow {
  readonly operatorId: number
  readonly operatorName: string
  readonly storeName: string
  readonly numPartitions: number
  readonly maxBatchId: number
}

function storesOf(checkpoint: string): StoreRow[] {
  const { schema, batch } = readStateMetadataTable((key) => (key === 'path' ? checkpoint : undefined))
  const columns = columnsOf(batch)
  const text = (name: string, i: number) => {
    const c = schema.fields.findIndex((f) => f.name === name)
    return cellText(columns[c]!, schema.fields[c]!.dataType, i, { zone: 'UTC', nullText: 'NULL' })
  }
  return Array.from({ length: batch.numRows }, (_, i) => ({
    operatorId: Number(text('operatorId', i)),
    operatorName: text('operatorName', i),
    storeName: text('stateStoreName', i),
    numPartitions: Number(text('numPartitions', i)),
    maxBatchId: Number(text('maxBatchId', i)),
  }))
}

/** One page of a store's rows, as the `statestore` reader returns them (key, value, partition_id). */
function storePage(run: UiQueryRun, checkpoint: string, store: StoreRow, view: StateView): string {
  const options: Record<string, string> = {
    path: checkpoint,
    operatorId: String(store.operatorId),
    storeName: store.storeName,
  }
  let rows: StateRows
  try {
    rows = readStateStore((key) => options[key])
  } catch (error) {
    return readerError(error)
  }
  const total = rows.batch.numRows
  const pages = Math.max(1, Math.ceil(total / STATE_PAGE_ROWS))
  const current = Math.min(Math.max(1, view.page ?? 1), pages)
  const from = (current - 1) * STATE_PAGE_ROWS
  const to = Math.min(total, from + STATE_PAGE_ROWS)
  const columns = columnsOf(rows.batch)
  const fields = rows.schema.fields
  const cells: string[][] = []
  for (let i = from; i < to; i++) {
    cells.push(
      fields.map((f, c) => escapeHtml(cellText(columns[c]!, f.dataType, i, { zone: view.zone, nullText: 'NULL' }))),
    )
  }
  const link = (n: number, label: string, rel: string) =>
    n >= 1 && n <= pages && n !== current
      ? `<a rel="${rel}" href="${browseHref(run, store.operatorId, store.storeName, n)}">${label}</a>`
      : ''
  const range = total === 0 ? 'no rows' : `rows ${from + 1}–${to} of ${total}`
  return `${table(
    'state-rows',
    `State store ${store.storeName} of operator ${store.operatorId} (${store.operatorName}) after batch ${store.maxBatchId}: ${range}`,
    fields.map((f) => `${f.name}: ${simpleString(f.dataType)}`),
    cells,
  )}
<div class="pager">Page ${current} of ${pages} ${link(current - 1, 'Previous', 'prev')} ${link(current + 1, 'Next', 'next')}</div>`
}

/** The state page of a run. */
export function statePage(run: UiQueryRun, view: StateView): string {
  const header = `<div><strong>Name: </strong>${escapeHtml(run.name ?? '<no name>')}</div>
<div><strong>Id: </strong>${run.id}</div>
<div><strong>RunId: </strong>${run.runId}</div>
<div><a href="/StreamingQuery/statistics/?id=${run.runId}">Statistics</a></div>
<br>
${operatorsTable(run)}`
  if (run.checkpoint === undefined) {
    const memory =
      '<p id="no-checkpoint">This query has no checkpointLocation: its state lives in memory only, so there are no state files to browse.</p>'
    return page('Streaming Query State', `${header}\n${memory}`)
  }
  let stores: StoreRow[]
  try {
    stores = storesOf(run.checkpoint)
  } catch (error) {
    return page('Streaming Query State', `${header}\n${readerError(error)}`)
  }
  const storeTable = table(
    'state-stores',
    `State stores in ${run.checkpoint}`,
    ['Operator', 'State store', 'Partitions', 'Latest batch'],
    stores.map((s) => [
      escapeHtml(`${s.operatorId}: ${s.operatorName}`),
      `<a href="${browseHref(run, s.operatorId, s.storeName)}">${escapeHtml(s.storeName)}</a>`,
      String(s.numPartitions),
      String(s.maxBatchId),
    ]),
  )
  const chosen =
    stores.find(
      (s) =>
        (view.operatorId === undefined || s.operatorId === view.operatorId) &&
        (view.storeName === undefined || s.storeName === view.storeName),
    ) ?? stores[0]
  const rows = chosen
    ? storePage(run, run.checkpoint, chosen, view)
    : '<p id="no-state-stores">The checkpoint holds no state yet.</p>'
  return page('Streaming Query State', `${header}\n${storeTable}\n${rows}`)
}
