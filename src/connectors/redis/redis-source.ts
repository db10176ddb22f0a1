// The Redis streams source (`readStream.format('redis')`): XRANGE over one or more stream keys. Its offset is the
// last entry id a batch covers in each stream, `{"<key>": "<ms>-<seq>"}`; a batch (start, end] is read again exactly
// on recovery, so the checkpoint alone makes it exactly-once (no consumer group, no XACK).
import type { RecordBatch } from '../../arrow/index.js'
import { IllegalArgumentException } from '../../common/errors.js'
import type { StructType } from '../../types/struct-type.js'
import { DataLossPolicy } from '../data-loss.js'
import { initialOffset } from '../initial-offsets.js'
import type { Options } from '../options.js'
import { limitPart, maxRows, type ReadLimit, readAll } from '../read-limit.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceDescription,
  type SourceProvider,
} from '../source.js'
import { IoredisClient } from './ioredis-client.js'
import type { RedisClient, RedisClientFactory, RedisEntries, RedisStreamInfo } from './redis-client.js'
import { compareIds, previousId } from './redis-ids.js'
import { parseRedisSourceOptions, type RedisSourceOptions } from './redis-options.js'
import { entriesBatch, REDIS_SCHEMA } from './redis-rows.js'

/** The last entry id read per stream key. */
type Positions = Record<string, string>

const ORIGIN = '0-0'
/** How many (id, entries added) observations a stream keeps for checking the batches that end at them. */
const ORDINALS_KEPT = 8

export class RedisSource implements Source {
  readonly schema = REDIS_SCHEMA
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private readonly dataLoss: DataLossPolicy
  private initial: Positions | undefined
  private latest: Positions | undefined
  private availableNow: Positions | undefined
  private triggerAvailableNow = false
  /** Entries latestOffset() read to find a limited batch's end, kept for the getBatch() of that batch. */
  private readonly prefetched = new Map<string, { after: string; to: string; entries: RedisEntries }>()
  /** Streams found missing (reported once until they are back), and each stream's entries-added count seen. */
  private readonly missing = new Set<string>()
  private readonly entriesAdded = new Map<string, number>()
  /** Per stream, ids this run saw as the last generated one, with the count of entries added by then. */
  private readonly ordinals = new Map<string, Map<string, number>>()

  constructor(
    private readonly options: RedisSourceOptions,
    private readonly context: SourceContext,
    private readonly client: RedisClient,
  ) {
    this.description = `RedisStreams[${options.keys.join(', ')}]`
    const max = options.maxEntriesPerTrigger
    this.defaultReadLimit = max === undefined ? readAll() : maxRows(max)
    this.dataLoss = new DataLossPolicy('Redis', 'stream', 'RedisSource', options.failOnDataLoss)
  }

  /**
   * Each stream's end for the next batch: its last generated id (fixed at the first trigger under AvailableNow). A
   * `maxRows` limit is split evenly over the streams (the first ones taking the remainder); a stream's share is found
   * by reading that many entries, which getBatch then uses. A deleted stream keeps its position; one created again
   * (its last id before the position, or fewer entries added than this run saw) is reported and goes back to `0-0`,
   * so that the next batch reads the new stream from its first entry.
   */
  async latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    const from = start === null ? await this.initialPositions() : this.positionsOf(start)
    const { keys } = this.options
    const infos = await this.client.streamInfo(keys)
    const end: Positions = {}
    const latest: Positions = {}
    keys.forEach((key, i) => {
      const info = infos[i]!
      const after = from[key]!
      end[key] = this.streamEnd(key, after, info)
      latest[key] = info === null ? after : info.lastGeneratedId
    })
    this.latest = latest
    this.prefetched.clear()
    const cap = limitPart(limit, 'maxRows')?.maxRows
    if (cap !== undefined) {
      const behind = keys.filter((k) => compareIds(end[k]!, from[k]!) > 0)
      await Promise.all(
        behind.map(async (key, i) => {
          const share = Math.floor(cap / behind.length) + (i < cap % behind.length ? 1 : 0)
          if (share === 0) {
            end[key] = from[key]!
            return
          }
          const entries = await this.client.range(key, from[key]!, end[key]!, share)
          if (entries.count === share) end[key] = entries.ids[share - 1]!
          this.prefetched.set(key, { after: from[key]!, to: end[key]!, entries })
        }),
      )
    }
    return end
  }

  reportLatestOffset(): Offset | null {
    return this.latest ?? null
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.triggerAvailableNow = true
  }

  /** The entries of each stream with ids in (start, end] that are still stored; the loss of others is reported. */
  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const from = start === null ? await this.initialPositions() : this.positionsOf(start)
    const to = this.positionsOf(end)
    const { keys } = this.options
    const infos = await this.client.streamInfo(keys)
    const parts = await Promise.all(
      keys.map(async (key, i) => {
        const after = from[key]!
        const until = to[key]!
        // A batch that goes back to 0-0 follows a recreated stream (reported when it was planned): nothing to read.
        if (compareIds(until, after) <= 0) return undefined
        const info = infos[i]!
        if (info === null) {
          this.dataLoss.report(
            `Cannot read the entries of stream ${key} after ${after}: it is gone`,
            `Stream ${key} has been deleted before its entries after ${after} up to ${until} were read.`,
          )
          return undefined
        }
        const entries = await this.read(key, after, until)
        this.checkDeleted(key, after, until, info, entries.count)
        return { key, entries }
      }),
    )
    this.prefetched.clear()
    return [entriesBatch(parts.filter((p) => p !== undefined))]
  }

  commit(): void {}

  async stop(): Promise<void> {
    await this.client.close()
  }

  /** Where a stream's next batch ends before any limit (see latestOffset). */
  private streamEnd(key: string, after: string, info: RedisStreamInfo | null): string {
    if (info === null) {
      if (!this.missing.has(key) && after !== ORIGIN) {
        this.missing.add(key)
        this.dataLoss.report(`Stream ${key} is gone. Some data may have been missed`, `Stream ${key} has been deleted.`)
      }
      return after
    }
    this.missing.delete(key)
    const seen = this.entriesAdded.get(key)
    if (info.entriesAdded !== undefined) this.entriesAdded.set(key, info.entriesAdded)
    const fewerAdded = seen !== undefined && info.entriesAdded !== undefined && info.entriesAdded < seen
    if (fewerAdded) this.ordinals.delete(key)
    if (after !== ORIGIN && (fewerAdded || compareIds(info.lastGeneratedId, after) < 0)) {
      const what = `Stream ${key} was deleted and created again: its last id is ${info.lastGeneratedId}, after ${after} read`
      this.dataLoss.report(`${what}. Reading it from its first entry, some data may have been missed`, `${what}.`)
      return ORIGIN
    }
    this.rememberOrdinal(key, info)
    if (this.triggerAvailableNow) {
      this.availableNow ??= {}
      this.availableNow[key] ??= info.lastGeneratedId
      return this.availableNow[key]!
    }
    return info.lastGeneratedId
  }

  /**
   * Entries deleted (trimmed, XDEL) before they were read, where Redis lets that be proven: the stream holds no entry
   * although its last generated id is after `after`; or this run saw both ends of the range as the stream's last id,
   * with the count of entries ever added then, and fewer entries than that difference were read.
   */
  private checkDeleted(key: string, after: string, until: string, info: RedisStreamInfo, read: number): void {
    if (info.firstEntryId === undefined && compareIds(info.lastGeneratedId, after) > 0) {
      this.dataLoss.report(
        `Skip deleted entries of stream ${key} after ${after} up to ${until}`,
        `Every entry of stream ${key} after ${after} was deleted before it was read.`,
      )
      return
    }
    const seen = this.ordinals.get(key)
    const from = seen?.get(after)
    const to = seen?.get(until)
    if (from === undefined || to === undefined || read >= to - from) return
    this.dataLoss.report(
      `Skip ${to - from - read} deleted entries of stream ${key} after ${after} up to ${until}`,
      `${to - from - read} entries of stream ${key} after ${after} up to ${until} were deleted before they were read.`,
    )
  }

  /** Remembers that `id` was the stream's last generated id when `added` entries had been added (a few per stream). */
  private rememberOrdinal(key: string, info: RedisStreamInfo): void {
    if (info.entriesAdded === undefined) return
    const seen = this.ordinals.get(key) ?? new Map<string, number>()
    this.ordinals.set(key, seen)
    seen.set(info.lastGeneratedId, info.entriesAdded)
    if (seen.size > ORDINALS_KEPT) seen.delete(seen.keys().next().value!)
  }

  /** Entries (after, until] of a stream: those latestOffset read for this batch, or XRANGE pages. */
  private async read(key: string, after: string, until: string): Promise<RedisEntries> {
    const kept = this.prefetched.get(key)
    if (kept && kept.after === after && kept.to === until) return kept.entries
    const pages: RedisEntries[] = []
    let from = after
    for (;;) {
      const page = await this.client.range(key, from, until, this.options.readBatchSize)
      pages.push(page)
      if (page.count < this.options.readBatchSize) break
      from = page.ids[page.count - 1]!
    }
    return pages.length === 1 ? pages[0]! : concatEntries(pages)
  }

  /** `sources/<i>/0` when it exists; otherwise the starting positions, written there (new queries only). */
  private async initialPositions(): Promise<Positions> {
    this.initial ??= this.positionsOf(await initialOffset(this.context.metadataPath, () => this.startingPositions()))
    return this.initial
  }

  private async startingPositions(): Promise<Positions> {
    const { startingOffsets: start, keys } = this.options
    if (start.kind === 'ids') return Object.fromEntries(start.afterIds)
    const infos = await this.client.streamInfo(keys)
    const positions: Positions = {}
    keys.forEach((key, i) => {
      const info = infos[i]!
      if (info === null) positions[key] = ORIGIN
      else if (start.kind === 'latest' || info.firstEntryId === undefined) positions[key] = info.lastGeneratedId
      else positions[key] = previousId(info.firstEntryId)
    })
    return positions
  }

  /** The positions of an offset this source wrote (a checkpoint of other streams is refused). */
  private positionsOf(offset: Offset): Positions {
    const positions = offset as Positions | null
    const keys = this.options.keys
    if (positions === null || typeof positions !== 'object' || keys.some((k) => typeof positions[k] !== 'string')) {
      throw new IllegalArgumentException(
        `The checkpoint's offset ${JSON.stringify(offset)} does not name every stream of 'stream.keys' (${keys.join(', ')})`,
      )
    }
    return positions
  }
}

/** Pages of one stream's entries as one. */
function concatEntries(pages: readonly RedisEntries[]): RedisEntries {
  const ids: string[] = []
  const fieldNames: string[] = []
  const fieldValues: Uint8Array[] = []
  const fieldOffsets = new Int32Array(pages.reduce((n, p) => n + p.count, 0) + 1)
  let row = 0
  for (const page of pages) {
    for (let i = 0; i < page.count; i++) {
      ids.push(page.ids[i]!)
      for (let f = page.fieldOffsets[i]!; f < page.fieldOffsets[i + 1]!; f++) {
        fieldNames.push(page.fieldNames[f]!)
        fieldValues.push(page.fieldValues[f]!)
      }
      fieldOffsets[++row] = fieldNames.length
    }
  }
  return { count: ids.length, ids, fieldOffsets, fieldNames, fieldValues }
}

/** The `redis` source format; `createClient` is the seam for another client implementation. */
export function redisSourceProvider(
  createClient: RedisClientFactory = (config) => new IoredisClient(config),
): SourceProvider {
  return {
    format: 'redis',
    describe(options: Options, userSchema: StructType | undefined): SourceDescription {
      parseRedisSourceOptions(options)
      if (userSchema) {
        throw new IllegalArgumentException('Redis source has a fixed schema and cannot be set with a custom one')
      }
      return { format: 'redis', options: optionRecord(options), schema: REDIS_SCHEMA }
    },
    create(source: SourceDescription, context: SourceContext): Source {
      const parsed = parseRedisSourceOptions(optionsOf(source))
      return new RedisSource(parsed, context, createClient(parsed.connection))
    },
  }
}
