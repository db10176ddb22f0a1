// spark.conf: session settings as strings, with Spark's defaults and its errors for unknown keys and bad values.
import { IllegalArgumentException, SparkError } from '../common/errors.js'
import { own } from '../common/own.js'
import { systemTimeZone } from '../common/time.js'
import { checkedConfValue } from './conf-values.js'

/** Defaults of the settings Rivulet reads (Spark's names and values). */
export const CONF_DEFAULTS: Readonly<Record<string, () => string>> = {
  // Spark's default for a local session: every core (stages move to worker threads once batches are large).
  'spark.master': () => 'local[*]',
  'spark.sql.session.timeZone': systemTimeZone,
  // Spark's 200 is tuned for clusters; every partition of every stateful operator writes a delta per batch, and
  // four keep two workers busy on a 2-core machine (bench:partitions measures the cost of more).
  'spark.sql.shuffle.partitions': () => '4',
  'spark.sql.caseSensitive': () => 'false',
  // Spark 4's default is true; Rivulet evaluates as Spark with ANSI mode off, and refuses true (conf-values.ts).
  'spark.sql.ansi.enabled': () => 'false',
  'spark.sql.streaming.schemaInference': () => 'false',
  'spark.sql.streaming.numRecentProgressUpdates': () => '100',
  'spark.sql.streaming.noDataProgressEventInterval': () => '10000ms',
  'spark.sql.streaming.pollingDelay': () => '10ms',
  'spark.sql.streaming.noDataMicroBatches.enabled': () => 'true',
  'spark.sql.streaming.multipleWatermarkPolicy': () => 'min',
  'spark.sql.streaming.minBatchesToRetain': () => '100',
  'spark.sql.streaming.unsupportedOperationCheck': () => 'true',
  'spark.sql.streaming.statefulOperator.checkCorrectness.enabled': () => 'true',
  'spark.sql.streaming.stateStore.minDeltasForSnapshot': () => '10',
  'spark.sql.streaming.stateStore.stateSchemaCheck': () => 'true',
  'spark.sql.streaming.stopActiveRunOnRestart': () => 'true',
  'spark.sql.streaming.forceDeleteTempCheckpointLocation': () => 'false',
  'spark.sql.sources.default': () => 'parquet',
  // The live UI, on by default as in Spark; RIVULET_UI_ENABLED=false turns it off for a whole environment (tests).
  'spark.ui.enabled': () => process.env.RIVULET_UI_ENABLED ?? 'true',
  'spark.ui.port': () => '4040',
  'spark.port.maxRetries': () => '16',
  'spark.sql.streaming.ui.retainedProgressUpdates': () => '100',
  'spark.sql.streaming.ui.retainedQueries': () => '100',
  'spark.ui.showConsoleProgress': () => 'true',
  // Rivulet's own: sliding-window aggregations over slide-long panes (each row aggregated once, not size/slide times).
  'rivulet.sql.slidingWindowPanes': () => 'true',
  // Rivulet's own: the input rows of a batch from which a query's partitioned stages go on trial on worker threads.
  'rivulet.parallel.minBatchRows': () => '20000',
  // Rivulet's own: ...and the CPU per input row (µs) such a batch must cost the driver.
  'rivulet.parallel.minRowCostMicros': () => '1',
  // Rivulet's own: how many times faster per row the trial must run than the driver for the stages to stay there.
  'rivulet.parallel.minSpeedup': () => '1.1',
  // Rivulet's own: whether stages move to worker threads when the driver must send them their sources' rows (memory,
  // socket, rate, Kafka); by default only stages whose workers read their sources themselves (files) move.
  'rivulet.parallel.shipSourceRows': () => 'false',
}

type ConfValue = string | number | boolean

const toConfString = (value: ConfValue) => (typeof value === 'string' ? value : String(value))

export class RuntimeConfig {
  private readonly values = new Map<string, string>()

  constructor(initial: Iterable<readonly [string, ConfValue]> = []) {
    for (const [key, value] of initial) this.set(key, value)
  }

  set(key: string, value: ConfValue): void {
    const text = toConfString(value)
    if (key === 'spark.sql.streaming.multipleWatermarkPolicy' && !['min', 'max'].includes(text.toLowerCase())) {
      throw new IllegalArgumentException(`Could not recognize watermark policy '${text}'`)
    }
    this.values.set(key, checkedConfValue(key, text))
  }

  /** The value, else `fallback`, else Spark's default; unknown keys without a fallback raise SQL_CONF_NOT_FOUND. */
  get(key: string, fallback?: string): string {
    const value = this.getOption(key) ?? fallback
    if (value === undefined) {
      throw new SparkError(`The SQL config "${key}" cannot be found. Please verify that the config exists.`, {
        errorClass: 'SQL_CONF_NOT_FOUND',
      })
    }
    return value
  }

  /** The value or Spark's default, undefined when neither exists. */
  getOption(key: string): string | undefined {
    return this.values.get(key) ?? own(CONF_DEFAULTS, key)?.()
  }

  unset(key: string): void {
    this.values.delete(key)
  }

  isModifiable(key: string): boolean {
    return key.startsWith('spark.sql.')
  }

  /** Every setting with a value: Spark's defaults, overridden by what was set (for threads that read confs). */
  snapshot(): Record<string, string> {
    const defaults = Object.fromEntries(Object.entries(CONF_DEFAULTS).map(([key, value]) => [key, value()]))
    return { ...defaults, ...Object.fromEntries(this.values) }
  }

  getAll(): Record<string, string> {
    return Object.fromEntries(this.values)
  }
}
