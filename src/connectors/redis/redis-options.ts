// The `redis` source's and sink's options, validated once into typed records with clear errors.
import { IllegalArgumentException } from '../../common/errors.js'
import { booleanOption, positiveOption, requiredOption, startingOffsetsOption } from '../bus-source-options.js'
import type { Options } from '../options.js'
import type { RedisConnectionConfig } from './redis-client.js'
import { entryId } from './redis-ids.js'

/** Where a new query starts in each stream: before its first entry, after its last, or after a given id. */
export type RedisStart =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'ids'; readonly afterIds: ReadonlyMap<string, string> }

export interface RedisSourceOptions {
  readonly connection: RedisConnectionConfig
  /** `stream.keys`: the streams read, in order. */
  readonly keys: readonly string[]
  readonly startingOffsets: RedisStart
  readonly failOnDataLoss: boolean
  /** `maxEntriesPerTrigger`: at most this many entries per batch, split evenly over the streams. */
  readonly maxEntriesPerTrigger: number | undefined
  /** `stream.read.batch.size`: entries asked for per XRANGE. */
  readonly readBatchSize: number
}

export interface RedisSinkOptions {
  readonly connection: RedisConnectionConfig
  /** `stream.key`; undefined: each row's `stream` column. */
  readonly key: string | undefined
}

function connectionConfig(options: Options, name: string): RedisConnectionConfig {
  return { url: requiredOption(options, 'redis.url', 'configuring the Redis connection'), name }
}

/** `earliest`, `latest`, or `{"<key>": "<last id read>", ...}` naming every stream, as the checkpoint writes it. */
function startingOffsets(options: Options, keys: readonly string[]): RedisStart {
  const start = startingOffsetsOption(options)
  if (start.kind !== 'json') return start
  const { raw, json: parsed } = start
  if (parsed === undefined || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new IllegalArgumentException(
      `Expected 'earliest', 'latest' or e.g. {"${keys[0]}":"1700000000000-0"} (the last entry id already read per stream) for option 'startingOffsets', got ${raw}`,
    )
  }
  const given = Object.keys(parsed)
  if (given.length !== keys.length || keys.some((k) => !given.includes(k))) {
    throw new IllegalArgumentException(
      `Option 'startingOffsets' must give an id for each stream of 'stream.keys' (${keys.join(', ')}), got ${given.join(', ')}`,
    )
  }
  const ids = parsed as Record<string, string>
  return { kind: 'ids', afterIds: new Map(keys.map((k) => [k, entryId(ids[k]!, "option 'startingOffsets'")])) }
}

export function parseRedisSourceOptions(options: Options): RedisSourceOptions {
  const connection = connectionConfig(options, 'rivulet-redis-source')
  const keys = requiredOption(options, 'stream.keys', 'the Redis streams source')
    .split(',')
    .map((k) => k.trim())
  if (keys.some((k) => k === '')) {
    throw new IllegalArgumentException(`Option 'stream.keys' has an empty key: '${options.get('stream.keys')}'`)
  }
  if (new Set(keys).size !== keys.length) {
    throw new IllegalArgumentException(`Option 'stream.keys' names a stream twice: '${options.get('stream.keys')}'`)
  }
  for (const key of ['minEntriesPerTrigger', 'maxTriggerDelay']) {
    if (options.has(key)) {
      throw new IllegalArgumentException(
        `Option '${key}' is not supported by the Redis streams source: it cannot count the entries waiting`,
      )
    }
  }
  return {
    connection,
    keys,
    startingOffsets: startingOffsets(options, keys),
    failOnDataLoss: booleanOption(options, 'failOnDataLoss', true),
    maxEntriesPerTrigger: positiveOption(options, 'maxEntriesPerTrigger'),
    readBatchSize: positiveOption(options, 'stream.read.batch.size') ?? 10_000,
  }
}

export function parseRedisSinkOptions(options: Options): RedisSinkOptions {
  const key = options.get('stream.key')?.trim()
  if (key === '') throw new IllegalArgumentException("Option 'stream.key' must not be empty")
  return { connection: connectionConfig(options, 'rivulet-redis-sink'), key }
}
