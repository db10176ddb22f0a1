// The nexmark source: `format('nexmark').option('table', 'bid')` streams one of the three Nexmark event streams
// from the deterministic generator. The offset is the number of events (of all kinds) generated so far; event time
// follows the generator's clock, and `eventsPerSecond` only paces how many events each wall-clock second releases.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordBatch } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException } from '../../common/errors.js'
import type { Options } from '../options.js'
import type { Offset, ResolvedSource, Source, SourceContext, SourceProvider } from '../source.js'
import { NexmarkGenerator } from './nexmark/generator.js'
import { type NexmarkOptions, parseNexmarkOptions } from './nexmark/options.js'
import { NEXMARK_SCHEMAS } from './nexmark/schemas.js'

/** getBatch hands the runtime batches of at most this many events, however large the range. */
const EVENTS_PER_ARROW_BATCH = 1 << 17

/** What the source keeps in `<checkpoint>/sources/<i>/nexmark.json`. */
interface Persisted {
  /** Wall-clock ms the pace counts from. */
  readonly startTimeMs?: number
  /** The furthest offset handed out. */
  readonly position: number
}

/**
 * Offsets are event counts: batch (start, end] holds the `table` events among event numbers [start, end).
 * latestOffset = min(maxEvents, eventsPerSecond * elapsed wall seconds, position + maxEventsPerTrigger), where the
 * position is the furthest offset handed out or read, and never less than the position. With a checkpoint, the
 * pace's start and the position are kept in `<checkpoint>/sources/<i>/nexmark.json`, so a restarted query continues
 * the pace and never offers an offset below one it already recorded (the runtime does not tell a source where it
 * resumes: without this, maxEventsPerTrigger would restart from 0 and re-read events).
 */
export class NexmarkSource implements Source {
  readonly schema
  readonly description: string
  private readonly generator: NexmarkGenerator
  private position = 0
  private startMs: number | undefined
  private restored: Promise<void> | undefined

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
    await this.restore()
    const { eventsPerSecond, maxEvents, maxEventsPerTrigger } = this.options
    let available = maxEvents > 0 ? maxEvents : Number.MAX_SAFE_INTEGER
    if (eventsPerSecond > 0) {
      if (this.startMs === undefined) {
        this.startMs = this.context.now()
        await this.persist()
      }
      available = Math.min(available, Math.floor(((this.context.now() - this.startMs) * eventsPerSecond) / 1000))
    }
    if (maxEventsPerTrigger > 0) available = Math.min(available, this.position + maxEventsPerTrigger)
    const latest = Math.max(available, this.position)
    if (latest === 0) return null
    if (latest > this.position) {
      this.position = latest
      if (maxEventsPerTrigger > 0) await this.persist()
    }
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

  private get file(): string | undefined {
    const dir = this.context.metadataPath
    return dir === undefined ? undefined : join(dir, 'nexmark.json')
  }

  /** Reads what a previous run of the query recorded (once). */
  private restore(): Promise<void> {
    this.restored ??= (async () => {
      const file = this.file
      if (file === undefined) return
      const recorded = await readFile(file, 'utf8').then(
        (text) => JSON.parse(text) as Partial<Persisted>,
        () => undefined,
      )
      if (typeof recorded?.startTimeMs === 'number') this.startMs = recorded.startTimeMs
      if (typeof recorded?.position === 'number') this.position = Math.max(this.position, recorded.position)
    })()
    return this.restored
  }

  /** Records the pace's start and the position (write then rename, so a crash leaves the old or the new file). */
  private async persist(): Promise<void> {
    const file = this.file
    if (file === undefined) return
    const state: Persisted = { startTimeMs: this.startMs, position: this.position }
    writeFileAtomic(file, JSON.stringify(state))
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
