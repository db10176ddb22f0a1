// registerNexmarkViews: the temp views `person`, `auction` and `bid` over one generator configuration, each with
// the Nexmark watermark (dateTime - 4 seconds), so Nexmark SQL runs as written. Typed structurally, because the
// connector layer does not import the DataFrame API it drives.
import { NEXMARK_TABLES, type NexmarkTable } from './config.js'

type OptionValue = string | number | boolean

/** The DataFrame methods the helper calls. */
export interface NexmarkViewFrame<F> {
  withWatermark(eventTime: string, delayThreshold: string): F
  createOrReplaceTempView(name: string): void
}

/** The SparkSession surface the helper calls. */
export interface NexmarkViewSession<F extends NexmarkViewFrame<F>> {
  readonly readStream: {
    format(source: string): { options(options: Readonly<Record<string, OptionValue>>): { load(): F } }
  }
}

export interface NexmarkViewOptions {
  /** The watermark delay on `dateTime` (default '4 seconds', the Nexmark convention); null for none. */
  readonly watermark?: string | null
}

/**
 * Registers `person`, `auction` and `bid` (streams of the same events, so ids line up across them) and returns
 * their DataFrames. `sourceOptions` are the nexmark source's options other than `table`.
 */
export function registerNexmarkViews<F extends NexmarkViewFrame<F>>(
  spark: NexmarkViewSession<F>,
  sourceOptions: Readonly<Record<string, OptionValue>>,
  { watermark = '4 seconds' }: NexmarkViewOptions = {},
): Record<NexmarkTable, F> {
  const frames = {} as Record<NexmarkTable, F>
  for (const table of NEXMARK_TABLES) {
    const loaded = spark.readStream
      .format('nexmark')
      .options({ ...sourceOptions, table })
      .load()
    const frame = watermark === null ? loaded : loaded.withWatermark('dateTime', watermark)
    frame.createOrReplaceTempView(table)
    frames[table] = frame
  }
  return frames
}
