// The nexmark source: `format('nexmark').option('table', 'bid')` streams one of the three Nexmark event streams
// from the deterministic generator. The offset is the number of events (of all kinds) generated so far; event time
// follows the generator's clock, and `eventsPerSecond` only paces how many events each wall-clock second releases.
// Every event is a pure function of its number, so a batch splits into event ranges any thread can generate (as
// Flink's Nexmark source splits generation among its subtasks): worker threads generate their share themselves.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordBatch } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException } from '../../common/errors.js'
import type { Options } from '../options.js'
import { maxRows, type ReadLimit, RowAdmission, readAll } from '../read-limit.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceProvider,
  type SourceTask,
} from '../source.js'
import { NexmarkGenerator } from './nexmark/generator.js'
import { type NexmarkOptions, parseNexmarkOptions } from './nexmark/options.js'
import { NEXMARK_SCHEMAS } from './nexmark/schemas.js'

/** getBatch hands the runtime batches of at most this many events, however large the range. */
const EVENTS_PER_ARROW_BATCH = 1 << 17

/**
 * getTasks splits a batch into a multiple of this many equal event ranges, so that 1, 2, 3, 4, 6 or 12 threads each
 * get the same number of events.
 */
const TASKS_PER_SPLIT = 12

/** A read task: the events [from, to) (event numbers). */
interface RangeTask extends SourceTask {
  readonly from: number
  readonly to: number
}

/** The `table` events among [from, to) as batches of at most EVENTS_PER_ARROW_BATCH events each. */
function generate(
  generator: NexmarkGenerator,
  table: NexmarkOptions['table'],
  from: number,
  to: number,
): RecordBatch[] {
  const batches: RecordBatch[] = []
  for (let at = from; at < to; at += EVENTS_PER_ARROW_BATCH) {
    const batch = generator.batch(table, at, Math.min(to, at + EVENTS_PER_ARROW_BATCH))
    if (batch.numRows > 0) batches.push(batch)
  }
  return batches
}

/** What the source keeps in `<checkpoint>/sources/<i>/nexmark.json`. */
interface Persisted {
  /** Wall-clock ms the pace counts from. */
  readonly startTimeMs?: number
}

/**
 * Offsets are event counts: batch (start, end] holds the `table` events among event numbers [start, end).
 * Available events = min(maxEvents, eventsPerSecond * elapsed wall seconds); `maxEventsPerTrigger` is the source's
 * default read limit (maxRows), so Trigger.Once ignores it and Trigger.AvailableNow keeps it. A stream with neither
 * maxEvents nor a pace releases maxEventsPerTrigger events per trigger whatever the limit (as Spark's
 * rate-micro-batch releases rowsPerBatch), so it never tries to generate an unbounded batch. With a checkpoint the
 * pace's start is kept in `<checkpoint>/sources/<i>/nexmark.json`, so a restarted query continues the pace.
 */
export class NexmarkSource implements Source {
  readonly schema
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private readonly generator: NexmarkGenerator
  private readonly admission: RowAdmission
  private startMs: number | undefined
  private restored: Promise<void> | undefined
  /** Under Trigger.AvailableNow: the events available at the run's first trigger, which it never goes past. */
  private availableNow: { end: number | undefined } | undefined
  private lastAvailable: number | null = null

  constructor(
    private readonly options: NexmarkOptions,
    private readonly context: SourceContext,
  ) {
    this.schema = NEXMARK_SCHEMAS[options.table]
    this.generator = new NexmarkGenerator(options.config)
    this.admission = new RowAdmission(context.now)
    const { table, eventsPerSecond, maxEvents, maxEventsPerTrigger, config } = options
    this.defaultReadLimit = maxEventsPerTrigger > 0 ? maxRows(maxEventsPerTrigger) : readAll()
    this.description = `NexmarkV2[table=${table}, eventsPerSecond=${eventsPerSecond}, maxEvents=${maxEvents}, maxEventsPerTrigger=${maxEventsPerTrigger}, seed=${config.seed}]`
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNow = { end: undefined }
  }

  async latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    const from = (start as number | null) ?? 0
    let available = await this.available(from)
    if (this.availableNow) {
      this.availableNow.end ??= available
      available = Math.min(available, this.availableNow.end)
    }
    this.lastAvailable = available
    const end = this.admission.end(from, available, limit)
    return end === 0 ? null : end
  }

  /** Events available regardless of the limit, as of the last trigger. */
  reportLatestOffset(): Offset | null {
    return this.lastAvailable || null
  }

  /** How many events exist now (never fewer than `from`). */
  private async available(from: number): Promise<number> {
    await this.restore()
    const { eventsPerSecond, maxEvents, maxEventsPerTrigger } = this.options
    let available = maxEvents > 0 ? maxEvents : Number.POSITIVE_INFINITY
    if (eventsPerSecond > 0) {
      if (this.startMs === undefined) {
        this.startMs = this.context.now()
        await this.persist()
      }
      available = Math.min(available, Math.floor(((this.context.now() - this.startMs) * eventsPerSecond) / 1000))
    }
    // Unbounded and unpaced (parseNexmarkOptions then requires maxEventsPerTrigger): that many per trigger.
    if (available === Number.POSITIVE_INFINITY) available = from + maxEventsPerTrigger
    return Math.max(from, available)
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    return generate(this.generator, this.options.table, (start as number | null) ?? 0, end as number)
  }

  /** (start, end] as TASKS_PER_SPLIT·k equal event ranges (k = 1 up to EVENTS_PER_ARROW_BATCH events a range). */
  async getTasks(start: Offset | null, end: Offset): Promise<readonly SourceTask[]> {
    const from = (start as number | null) ?? 0
    const to = end as number
    const parts = TASKS_PER_SPLIT * Math.ceil((to - from) / (TASKS_PER_SPLIT * EVENTS_PER_ARROW_BATCH))
    const tasks: RangeTask[] = []
    for (let k = 0; k < parts; k++) {
      const a = from + Math.floor(((to - from) * k) / parts)
      const b = from + Math.floor(((to - from) * (k + 1)) / parts)
      if (b > a) tasks.push({ from: a, to: b, weight: this.generator.count(this.options.table, a, b) })
    }
    return tasks
  }

  commit(): void {}

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
    })()
    return this.restored
  }

  /** Records the pace's start (write then rename, so a crash leaves the old or the new file). */
  private async persist(): Promise<void> {
    const file = this.file
    if (file === undefined) return
    const state: Persisted = { startTimeMs: this.startMs }
    writeFileAtomic(file, JSON.stringify(state))
  }
}

export const nexmarkProvider: SourceProvider = {
  format: 'nexmark',
  describe(options: Options, userSchema) {
    const parsed = parseNexmarkOptions(options)
    if (userSchema) throw new AnalysisException('The nexmark source does not support a user-specified schema.')
    return { format: 'nexmark', options: optionRecord(options), schema: NEXMARK_SCHEMAS[parsed.table] }
  },
  create: (source, context) => new NexmarkSource(parseNexmarkOptions(optionsOf(source)), context),
  async readTasks(source, tasks) {
    const { table, config } = parseNexmarkOptions(optionsOf(source))
    const generator = new NexmarkGenerator(config)
    // Adjacent ranges are generated as one, so a thread given a contiguous share gets its rows in few batches.
    const ranges = (tasks as readonly RangeTask[]).map(({ from, to }) => ({ from, to })).sort((a, b) => a.from - b.from)
    const batches: RecordBatch[] = []
    for (let i = 0; i < ranges.length; ) {
      const { from } = ranges[i]!
      let { to } = ranges[i]!
      while (++i < ranges.length && ranges[i]!.from === to) to = ranges[i]!.to
      batches.push(...generate(generator, table, from, to))
    }
    return batches
  },
}
