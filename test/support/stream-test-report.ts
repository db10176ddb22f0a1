// The text a failed testStream step reports, laid out as Spark's StreamTest lays it out: the message, the scenario
// with the failing step marked, the stream's state, the sink's batches and the last progress.
import type { StreamingQuery } from '../../src/index.js'
import type { CapturedSink } from './captured-sink.js'
import { describeAction, type StreamAction } from './stream-actions.js'

export interface StreamTestState {
  readonly message: string
  readonly steps: readonly StreamAction[]
  /** The index of the failing step (past the end when the scenario failed after its last step). */
  readonly pos: number
  readonly query: StreamingQuery | undefined
  readonly outputMode: string
  readonly sink: CapturedSink
}

export function streamTestReport({ message, steps, pos, query, outputMode, sink }: StreamTestState): string {
  const actions = steps.map((a, i) => `${i === pos ? '=> ' : '   '}${describeAction(a)}`).join('\n')
  const state = !query ? 'not started' : query.isActive ? 'active' : 'terminated'
  const exception = query?.exception()
  return [
    message,
    '',
    '== Progress ==',
    actions,
    '',
    '== Stream ==',
    `Output Mode: ${outputMode}`,
    `Stream state: ${state}${query ? `, status ${JSON.stringify(query.status)}` : ''}`,
    ...(exception ? [`Exception: ${errorText(exception)}`] : []),
    '',
    '== Sink ==',
    sink.toDebugString(),
    '',
    '== Last Progress ==',
    query?.lastProgress?.prettyJson ?? 'none',
  ].join('\n')
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
export const errorName = (error: unknown) => (error instanceof Error ? error.constructor.name : typeof error)

/** An error with its first stack frames, and its causes, indented (as Spark's StreamTest prints them). */
export function errorText(error: unknown, indent = ''): string {
  if (!(error instanceof Error)) return String(error)
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '))
  const text = [`${errorName(error)}: ${error.message}`, ...frames.slice(0, 10).map((f) => `${indent}\t${f.trim()}`)]
  const cause = error.cause === undefined ? '' : `\n${indent}\tCaused by: ${errorText(error.cause, `${indent}\t`)}`
  return `${text.join('\n')}${cause}`
}
