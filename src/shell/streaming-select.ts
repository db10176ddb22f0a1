// Runs a streaming SELECT typed into the shell: starts it on a foreachBatch sink, turns each micro-batch into
// changes for the result view, and stops it at its LIMIT, on Ctrl-C (or Q in the full-screen views), or when it fails.
//
// The output mode follows from the query, as in Flink, where the user never picks one: a query without aggregation
// appends; an aggregation updates its rows (shown as -U/+U), or, under a LIMIT (which Spark allows only there),
// emits its complete result each batch (rows that left it show as -D).
import type { DataFrame } from '../api/data-frame.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import { ResultChanges, type ResultOutputMode } from './result-changes.js'
import { aggregates, groupingColumns, topLimit } from './result-plan.js'
import { type ResultEnd, type ResultMode, resultView, type ViewScreen } from './result-views.js'
import { cellRows } from './table-text.js'

/** A key pressed while a result shows (Node's readline keypress shape). */
export interface Key {
  readonly name?: string
  /** What the key typed (`+`, `-`: keys Node gives no name). */
  readonly sequence?: string
  readonly ctrl?: boolean
}

/** The keyboard while a query runs; a script run with `-f` has none (Ctrl-C is then a signal). */
export interface ShellKeys {
  /** Calls `handler` on each key until the returned function is called. */
  listen(handler: (key: Key) => void): () => void
}

export interface StreamingSelectOptions {
  readonly mode: ResultMode
  readonly screen: ViewScreen
  readonly keys: ShellKeys
}

const isInterrupt = (key: Key) => key.ctrl === true && key.name === 'c'

/** Runs the query until it ends; rethrows its failure once the view is closed. */
export async function runStreamingSelect(dataFrame: DataFrame, options: StreamingSelectOptions): Promise<void> {
  const { mode, screen, keys } = options
  const keyColumns = groupingColumns(dataFrame.plan)
  const limit = topLimit(dataFrame.plan)
  const outputMode: ResultOutputMode = !aggregates(dataFrame.plan)
    ? 'append'
    : limit !== undefined
      ? 'complete'
      : 'update'
  const schema = dataFrame.schema
  const zone = dataFrame.sparkSession.timeZone
  const result = new ResultChanges(outputMode, keyColumns)
  const view = resultView(
    mode,
    screen,
    schema.fields.map((f) => f.name),
    schema.fields.map((f) => f.dataType),
  )
  let total = 0
  let settled = false
  let settle!: (how: ResultEnd) => void
  const ended = new Promise<ResultEnd>((resolve) => {
    settle = (how) => {
      settled = true
      resolve(how)
    }
  })
  if (limit === 0) settle('finished')
  const query: StreamingQuery = dataFrame.writeStream
    .outputMode(outputMode)
    .foreachBatch((batch) => {
      if (settled) return
      let changes = result.apply(cellRows(batch.toArrow(), schema, zone))
      if (limit !== undefined) changes = changes.slice(0, limit - total)
      total += changes.length
      view.update(changes, result)
      if (limit !== undefined && total >= limit) settle('finished')
    })
    .start()
  view.start()
  const unlisten = keys.listen((key) => {
    if (view.key?.(key)) return
    if (isInterrupt(key) || (mode !== 'tableau' && (key.name === 'q' || key.name === 'escape'))) settle('cancelled')
  })
  try {
    const terminated = query.awaitTermination().then(
      () => 'finished' as const,
      () => 'failed' as const,
    )
    const how = await Promise.race([ended, terminated])
    await query.stop()
    if (how === 'finished' && mode !== 'tableau') {
      // The full-screen views keep the final result on screen (and their keys) until the user leaves.
      unlisten()
      view.end(how, total)
      await new Promise<void>((resolve) => {
        const stopWaiting = keys.listen((key) => {
          if (view.key?.(key)) return
          if (isInterrupt(key) || key.name === 'q' || key.name === 'escape') {
            stopWaiting()
            resolve()
          }
        })
      })
    }
    view.close(total, how)
    const failure = query.exception()
    if (how === 'failed' && failure) throw failure
  } finally {
    unlisten()
  }
}
