// The nexmark source: `format('nexmark').option('table', 'bid')` streams one of the three Nexmark event streams
// from the deterministic generator. The offset is the number of events (of all kinds) generated so far; event time
// follows the generator's clock, and `eventsPerSecond` only paces how many events each wall-clock second releases.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordBatch } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import type { Options } from '../options.js'
import type { Offset, ResolvedSource, Source, SourceContext, SourceProvider } from '../source.js'
import { NexmarkGenerator } from './nexmark/generator.js'
import { type NexmarkOptions, parseNexmarkOptions } from './nexmark/options.js'
import { NEXMARK_SCHEMAS } from './nexmark/schemas.js'

/** getBatch hands the runtime batches of at most this many events, however large the range. */
const EVENTS_PER_ARROW_BATCH = 1 << 17

/**
 * Offsets are event counts: batch (start, end] holds the `table` events among event numbers [start, end).
 * latestOffset = min(maxEvents, eventsPerSecond * elapsed wall seconds, position + maxEventsPerTrigger), where the
 * position is the furthest offset handed out or read. The pacing clock starts at the first latestOffset and is
 * kept in `<checkpoint>/sources/<i>/nexmark.json` when the query has a checkpoint, so a restart continues the pace.
 */
export class NexmarkSource implements Source {
  readonly schema
  readonly description: string
  private readonly generator: NexmarkGenerator
  private position = 0
  private startMs: number | undefined

  constructor(
    private readonly options: NexmarkOptions,
    private readonly context: SourceContext,
  ) {
    this.schema = NEXMARK_SCHEMAS[options.table]
    this.generator = new NexmarkGenerator(options.config)
    const { table, eventsPerSecond, maxEvents, maxEventsPerTrigger, config } = options
    this.description = `NexmarkV2[table=${table}, eventsPerSecond=${eventsPerSecond}, maxEvents=${maxEvents}, maxEventsPerTrigger=${maxEventsPerTrigger}, seed=${config.seed}]`
  }

  async latestOffset(): Promise<Offset | null> {
    const { eventsPerSecond, maxEvents, maxEventsPerTrigger } = this.options
    let available = maxEvents > 0 ? maxEvents : Number.MAX_SAFE_INTEGER
    if (eventsPerSecond > 0) {
      const startMs = await this.pacingStart()
      available = Math.min(available, Math.floor(((this.context.now() - startMs) * eventsPerSecond) / 1000))
    }
    if (maxEventsPerTrigger > 0) available = Math.min(available, this.position + maxEventsPerTrigger)
    const latest = Math.max(available, this.position)
    if (latest === 0) return null
    this.position = latest
    return latest
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const from = (start as number | null) ?? 0
    const to = end as number
    this.position = Math.max(this.position, to)
    const batches: RecordBatch[] = []
    for (let at = from; at < to; at += EVENTS_PER_ARROW_BATCH) {
      const batch = this.generator.batch(this.options.table, at, Math.min(to, at + EVENTS_PER_ARROW_BATCH))
      if (batch.numRows > 0) batches.push(batch)
    }
    return batches
  }

  commit(end: Offset): void {
    this.position = Math.max(this.position, end as number)
  }

  async stop(): Promise<void> {}

  /** The wall-clock ms the pace counts from: the first call's time, or the one recorded in the checkpoint. */
  private async pacingStart(): Promise<number> {
    if (this.startMs !== undefined) return this.startMs
    const dir = this.context.metadataPath
    const file = dir === undefined ? undefined : join(dir, 'nexmark.json')
    if (file !== undefined) {
      const recorded = await readFile(file, 'utf8').then(
        (text) => (JSON.parse(text) as { startTimeMs?: unknown }).startTimeMs,
        () => undefined,
      )
      if (typeof recorded === 'number') return (this.startMs = recorded)
    }
    this.startMs = this.context.now()
    if (dir !== undefined && file !== undefined) {
      await mkdir(dir, { recursive: true })
      await writeFile(file, JSON.stringify({ startTimeMs: this.startMs }))
    }
    return this.startMs
  }
}

export const nexmarkProvider: SourceProvider = {
  format: 'nexmark',
  resolve(options: Options, userSchema): ResolvedSource {
    const parsed = parseNexmarkOptions(options)
    if (userSchema) throw new AnalysisException('The nexmark source does not support a user-specified schema.')
    return {
      format: 'nexmark',
      schema: NEXMARK_SCHEMAS[parsed.table],
      options,
      create: (context) => new NexmarkSource(parsed, context),
    }
  },
}
