// The steps of a testStream scenario, after Spark's StreamTest: feed a MemoryStream, check what the sink received,
// stop and restart from the checkpoint, advance a manual clock, expect a failure, assert on the query.
import type { MemoryStream, Row, StreamingQuery, TriggerSpec } from '../../src/index.js'
import type { CapturedSink } from './captured-sink.js'
import type { ManualClock } from './manual-clock.js'
import { rowText } from './row-text.js'

/** Which rows a check reads: the sink's data (all), the last batch, or the batches since the previous check. */
export type CheckScope = 'all' | 'last' | 'new'

/** Expected rows, or a function that asserts on the rows (and throws when they are wrong). */
export type Expected = readonly Row[] | ((rows: Row[]) => void)

/** An assertion on the running (or last) query; it fails by returning false or by throwing. */
export type QueryCondition = (query: StreamingQuery, sink: CapturedSink) => unknown

// biome-ignore lint/suspicious/noExplicitAny: an error class of any constructor signature
export type ErrorClass = abstract new (...args: any[]) => Error

export interface StartOptions {
  readonly trigger?: TriggerSpec
  /** Runs the trigger on a manual clock (with a processing-time trigger); see AdvanceManualClock. */
  readonly triggerClock?: ManualClock
  /**
   * Where the query checkpoints; null keeps its logs in memory. By default a scenario that starts its query more
   * than once checkpoints to one temporary directory (so a restart resumes), and one that starts it once does not.
   */
  readonly checkpointLocation?: string | null
  /** Session confs set from this start until the end of the testStream. */
  readonly additionalConfs?: Readonly<Record<string, string>>
}

export type StreamAction =
  | { readonly kind: 'AddData'; readonly source: MemoryStream; readonly rows: readonly (Row | readonly unknown[])[] }
  | {
      readonly kind: 'CheckAnswer'
      readonly scope: CheckScope
      readonly expected: Expected
      readonly ordered: boolean
    }
  | { readonly kind: 'CheckNewBatches'; readonly batches: readonly (readonly Row[])[]; readonly ordered: boolean }
  | { readonly kind: 'StartStream'; readonly options: StartOptions; readonly implicit: boolean }
  | { readonly kind: 'StopStream' }
  | { readonly kind: 'AdvanceManualClock'; readonly ms: number }
  | { readonly kind: 'ExpectFailure'; readonly errorType: ErrorClass; readonly messagePart: string | undefined }
  | { readonly kind: 'AssertOnQuery'; readonly condition: QueryCondition; readonly message: string }

/** Adds rows (objects or positional arrays) to a MemoryStream; later checks wait until they are processed. */
export const AddData = (source: MemoryStream, ...rows: (Row | readonly unknown[])[]): StreamAction => ({
  kind: 'AddData',
  source,
  rows,
})

/**
 * Adds rows to several MemoryStreams at once, so that they land in the same micro-batch (Spark's MultiAddData): the
 * query reads its sources' offsets together, so data added without yielding in between is seen together.
 */
export const MultiAddData = (...entries: readonly (readonly [MemoryStream, readonly (Row | readonly unknown[])[]])[]) =>
  Execute('MultiAddData', () => {
    for (const [source, rows] of entries) source.addData(rows)
  })

type CheckAction = ((...expected: Row[]) => StreamAction) & {
  /** The same check, with rows compared in order. */
  ordered(...expected: Row[]): StreamAction
  /** The rows handed to `assert`, which throws if they are wrong. */
  by(assert: (rows: Row[]) => void): StreamAction
}

const check = (scope: CheckScope): CheckAction =>
  Object.assign((...expected: Row[]): StreamAction => ({ kind: 'CheckAnswer', scope, expected, ordered: false }), {
    ordered: (...expected: Row[]): StreamAction => ({ kind: 'CheckAnswer', scope, expected, ordered: true }),
    by: (assert: (rows: Row[]) => void): StreamAction => ({
      kind: 'CheckAnswer',
      scope,
      expected: assert,
      ordered: false,
    }),
  })

/**
 * Every row the sink holds (after processing all data added): in append and update mode every batch's rows, in
 * complete mode the last batch — as in Spark's memory sink.
 */
export const CheckAnswer = check('all')
/** The rows of the batches written since the previous check. */
export const CheckNewAnswer = check('new')
/** The rows of the last batch. */
export const CheckLastBatch = check('last')

/** The batches written since the previous check, one list of rows per batch (each compared as a multiset). */
export const CheckNewBatches = Object.assign(
  (...batches: (readonly Row[])[]): StreamAction => ({ kind: 'CheckNewBatches', batches, ordered: false }),
  {
    /** The same check, with each batch's rows compared in order. */
    ordered: (...batches: (readonly Row[])[]): StreamAction => ({ kind: 'CheckNewBatches', batches, ordered: true }),
  },
)

/** Starts the query (resuming from the checkpoint when it has run before). It must not be running. */
export const StartStream = (options: StartOptions = {}): StreamAction => ({
  kind: 'StartStream',
  options,
  implicit: false,
})

/** Stops the query, which must be running and must not have failed. */
export const StopStream: StreamAction = { kind: 'StopStream' }

/** Advances the manual clock the query was started on, once the query waits for it. */
export const AdvanceManualClock = (ms: number): StreamAction => ({ kind: 'AdvanceManualClock', ms })

/**
 * Waits for the query to fail with a StreamingQueryException whose cause is an `errorType` and whose cause's
 * message contains `messagePart`.
 */
export const ExpectFailure = (errorType: ErrorClass = Error, messagePart?: string): StreamAction => ({
  kind: 'ExpectFailure',
  errorType,
  messagePart,
})

/** Asserts on the running query (or the last one, once stopped); `condition` may be async. */
export const AssertOnQuery = (condition: QueryCondition, message = ''): StreamAction => ({
  kind: 'AssertOnQuery',
  condition,
  message,
})

/** Runs `fn` on the query — to feed a source from outside, or to wait for something. */
export function Execute(name: string | QueryCondition, fn?: QueryCondition): StreamAction {
  const [message, run] = typeof name === 'string' ? [name, fn!] : ['Execute', name]
  return AssertOnQuery(async (query, sink) => {
    await run(query, sink)
    return true
  }, message)
}

/** Waits until the query processed everything its sources hold (`query.processAllAvailable()`). */
export const ProcessAllAvailable = (): StreamAction => Execute('ProcessAllAvailable', (q) => q.processAllAvailable())

/** Actions that need a started query; one of them before any StartStream starts the query first. */
export const mustBeRunning = (action: StreamAction): boolean =>
  ['CheckAnswer', 'CheckNewBatches', 'StopStream', 'AssertOnQuery'].includes(action.kind)

const CHECK_NAMES: Record<CheckScope, string> = { all: 'CheckAnswer', new: 'CheckNewAnswer', last: 'CheckLastBatch' }

/** One line per action, for the progress listing of a failure. */
export function describeAction(action: StreamAction): string {
  switch (action.kind) {
    case 'AddData':
      return `AddData to MemoryStream[${action.source.toDF().columns.join(',')}]: ${action.rows.map(rowText).join(', ')}`
    case 'CheckAnswer': {
      const name = `${CHECK_NAMES[action.scope]}${action.ordered ? ' (ordered)' : ''}`
      return typeof action.expected === 'function'
        ? `${name}ByFunc`
        : `${name}: ${action.expected.map(rowText).join(', ')}`
    }
    case 'CheckNewBatches':
      return `CheckNewBatches${action.ordered ? ' (ordered)' : ''}: ${action.batches.map((rows) => `[${rows.map(rowText).join(', ')}]`).join(' | ')}`
    case 'StartStream': {
      const { trigger, triggerClock, checkpointLocation, additionalConfs } = action.options
      const parts = [
        trigger && `trigger = ${JSON.stringify(trigger)}`,
        triggerClock && `triggerClock = ${triggerClock}`,
        checkpointLocation !== undefined && `checkpointLocation = ${checkpointLocation}`,
        additionalConfs && `additionalConfs = ${JSON.stringify(additionalConfs)}`,
      ].filter(Boolean)
      return `StartStream(${parts.join(', ')})${action.implicit ? ' [implicit]' : ''}`
    }
    case 'StopStream':
      return 'StopStream'
    case 'AdvanceManualClock':
      return `AdvanceManualClock(${action.ms})`
    case 'ExpectFailure':
      return `ExpectFailure[${action.errorType.name}${action.messagePart === undefined ? '' : `, "${action.messagePart}"`}]`
    case 'AssertOnQuery':
      return action.message === '' ? 'AssertOnQuery(<condition>)' : `AssertOnQuery(<condition>, ${action.message})`
  }
}
