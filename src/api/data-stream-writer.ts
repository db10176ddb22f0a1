// DataStreamWriter (`df.writeStream`): sink format, output mode, options, trigger and name; start() runs the query.
import { IllegalArgumentException } from '../common/errors.js'
import { Options } from '../connectors/options.js'
import type { OutputMode } from '../connectors/sink.js'
import type { ForeachTarget } from '../connectors/sinks/foreach-writer.js'
import { DEFAULT_TRIGGER, parseTrigger, type Trigger, type TriggerSpec } from '../runtime/trigger.js'
import type { DataFrame } from './data-frame.js'
import { type OptionValue, optionText } from './reader.js'
import type { StreamingQuery } from './streaming-query.js'

/** `foreachBatch`'s function: the batch as a static DataFrame, and its id (for idempotent writes). */
export type ForeachBatchFunction = (batch: DataFrame, batchId: number) => void | Promise<void>

export interface WriterState {
  readonly format: string | undefined
  readonly outputMode: OutputMode
  readonly options: Options
  readonly queryName: string | undefined
  readonly trigger: Trigger
  readonly partitionBy: readonly string[]
  readonly foreachBatch: ForeachBatchFunction | undefined
  readonly foreach: ForeachTarget | undefined
}

const OUTPUT_MODES: readonly OutputMode[] = ['append', 'complete', 'update']

/** Each method returns a new writer; start() launches the query. */
export class DataStreamWriter {
  constructor(
    readonly dataFrame: DataFrame,
    readonly state: WriterState = {
      format: undefined,
      outputMode: 'append',
      options: new Options(),
      queryName: undefined,
      trigger: DEFAULT_TRIGGER,
      partitionBy: [],
      foreachBatch: undefined,
      foreach: undefined,
    },
  ) {}

  format(source: string): DataStreamWriter {
    return this.with({ format: source })
  }

  /** `append` (default), `complete` or `update`, case-insensitive. */
  outputMode(mode: string): DataStreamWriter {
    if (typeof mode !== 'string' || mode.trim() === '') {
      throw new IllegalArgumentException(`Value for \`outputMode\` must be a non-empty string, got '${mode}'.`, {
        errorClass: 'VALUE_NOT_NON_EMPTY_STR',
      })
    }
    const lower = mode.toLowerCase() as OutputMode
    if (!OUTPUT_MODES.includes(lower)) {
      throw new IllegalArgumentException(
        `Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`,
      )
    }
    return this.with({ outputMode: lower })
  }

  option(key: string, value: OptionValue): DataStreamWriter {
    const text = optionText(value)
    return text === undefined ? this : this.with({ options: this.state.options.with(key, text) })
  }

  options(options: Readonly<Record<string, OptionValue>>): DataStreamWriter {
    return Object.entries(options).reduce<DataStreamWriter>((writer, [k, v]) => writer.option(k, v), this)
  }

  queryName(name: string): DataStreamWriter {
    if (name.trim() === '') {
      throw new IllegalArgumentException(`Value for \`queryName\` must be a non-empty string, got '${name}'.`, {
        errorClass: 'VALUE_NOT_NON_EMPTY_STR',
      })
    }
    return this.with({ queryName: name })
  }

  /** `{ processingTime: '2 seconds' }`, `{ once: true }` or `{ availableNow: true }`. */
  trigger(spec: TriggerSpec): DataStreamWriter {
    return this.with({ trigger: parseTrigger(spec) })
  }

  partitionBy(...columns: string[]): DataStreamWriter {
    return this.with({ partitionBy: columns.flat() })
  }

  /** Calls `fn(batchDataFrame, batchId)` for every micro-batch (a batch id repeats only on recovery). */
  foreachBatch(fn: ForeachBatchFunction): DataStreamWriter {
    return this.with({ format: 'foreachBatch', foreachBatch: fn })
  }

  /**
   * Hands every output row to `writer` (Spark's ForeachWriter: `open(partitionId, epochId)`, `process(row)`,
   * `close(error)`) or to a function of the row. Async methods are awaited.
   */
  foreach(writer: ForeachTarget): DataStreamWriter {
    const valid = typeof writer === 'function' || (typeof writer === 'object' && writer !== null && 'process' in writer)
    if (!valid) {
      throw new IllegalArgumentException("Provided object does not have a 'process' method", {
        errorClass: 'ATTRIBUTE_NOT_CALLABLE',
      })
    }
    return this.with({ format: 'foreach', foreach: writer })
  }

  /** Starts the query; analysis errors throw here, failures while running surface through the query. */
  start(path?: string): StreamingQuery {
    const state = path === undefined ? this.state : { ...this.state, options: this.state.options.with('path', path) }
    return this.dataFrame.sparkSession.streams.startQuery(this.dataFrame, state)
  }

  private with(changes: Partial<WriterState>): DataStreamWriter {
    return new DataStreamWriter(this.dataFrame, { ...this.state, ...changes })
  }
}
