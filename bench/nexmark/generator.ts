// The benchmark's input: Nexmark events generated once into Arrow batches, one per stream per micro-batch (batch
// i of every stream holds that stream's events among event numbers [i * batchEvents, (i + 1) * batchEvents)).
import {
  columnsOf,
  concatBatches,
  fromArrowSchema,
  makeBatch,
  type RecordBatch,
  validityOf,
  withValidity,
} from '../../src/arrow/index.js'
import { DEFAULT_CONFIG, type NexmarkConfig, type NexmarkTable } from '../../src/connectors/sources/nexmark/config.js'
import { NexmarkGenerator } from '../../src/connectors/sources/nexmark/generator.js'
import { NEXMARK_SCHEMAS } from '../../src/connectors/sources/nexmark/schemas.js'
import { maxInt64 } from './loop-kit.js'

export interface NexmarkInputs {
  readonly events: number
  readonly batchEvents: number
  readonly config: NexmarkConfig
  readonly person: readonly RecordBatch[]
  readonly auction: readonly RecordBatch[]
  readonly bid: readonly RecordBatch[]
  /** Wall time the generation took (ms). */
  readonly generationMs: number
}

export interface GenerateOptions {
  readonly events: number
  readonly batchEvents: number
  readonly config?: Partial<NexmarkConfig>
}

export function generateInputs({ events, batchEvents, config = {} }: GenerateOptions): NexmarkInputs {
  const generator = new NexmarkGenerator({ ...DEFAULT_CONFIG, ...config })
  const started = performance.now()
  const streams: Record<NexmarkTable, RecordBatch[]> = { person: [], auction: [], bid: [] }
  for (let start = 0; start < events; start += batchEvents) {
    const end = Math.min(events, start + batchEvents)
    for (const table of ['person', 'auction', 'bid'] as const) streams[table].push(generator.batch(table, start, end))
  }
  return { events, batchEvents, config: generator.config, ...streams, generationMs: performance.now() - started }
}

/** Each table as one batch, as a batch query reads it (so that a profiled run does not include concatenating them). */
export function wholeTables(inputs: NexmarkInputs): NexmarkInputs {
  const whole = (table: NexmarkTable) => [concatBatches(NEXMARK_SCHEMAS[table], inputs[table])]
  return { ...inputs, person: whole('person'), auction: whole('auction'), bid: whole('bid') }
}

/** The first `batches` micro-batches of the inputs (for warm-up runs). */
export function prefix(inputs: NexmarkInputs, batches: number): NexmarkInputs {
  const count = Math.min(batches, inputs.bid.length)
  return {
    ...inputs,
    events: Math.min(inputs.events, count * inputs.batchEvents),
    person: inputs.person.slice(0, count),
    auction: inputs.auction.slice(0, count),
    bid: inputs.bid.slice(0, count),
  }
}

/**
 * The same batches as new Arrow objects over the same buffers. The arrow layer caches per column object (int64
 * columns read as doubles, for one), so a run fed the very objects an earlier run read would skip that work; each
 * timed run gets fresh ones, as data arriving from a source would be.
 */
export function freshCopy(inputs: NexmarkInputs): NexmarkInputs {
  const fresh = (batches: readonly RecordBatch[]) =>
    batches.map((b) =>
      makeBatch(
        fromArrowSchema(b.schema),
        columnsOf(b).map((c) => withValidity(c, validityOf(c))),
        b.numRows,
      ),
    )
  return { ...inputs, person: fresh(inputs.person), auction: fresh(inputs.auction), bid: fresh(inputs.bid) }
}

/** Nexmark's watermark delay: dateTime - 4 seconds. */
export const WATERMARK_DELAY_US = 4_000_000

/**
 * The watermark after the last micro-batch: the smallest, over the streams a query reads, of the stream's largest
 * dateTime minus 4 s. Append-mode windows end at or before it are emitted; later ones are still open.
 */
export function finalWatermarkUs(inputs: NexmarkInputs, streams: readonly NexmarkTable[]): number {
  return Math.min(
    ...streams.map((stream) => {
      let max = Number.NEGATIVE_INFINITY
      for (const batch of inputs[stream]) if (batch.numRows > 0) max = Math.max(max, maxInt64(batch, 'dateTime'))
      return max - WATERMARK_DELAY_US
    }),
  )
}
