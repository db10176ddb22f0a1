// The `redis` source's and sink's options: defaults, what each accepted option becomes, and every rejected option
// with its message.
import { describe, expect, it } from 'vitest'
import { IllegalArgumentException } from '../../../src/common/errors.js'
import { Options } from '../../../src/connectors/options.js'
import { parseRedisSinkOptions, parseRedisSourceOptions } from '../../../src/connectors/redis/redis-options.js'
import { redisSourceProvider } from '../../../src/connectors/redis/redis-source.js'
import { parseSchemaString } from '../../../src/types/ddl.js'

const base = { 'redis.url': 'redis://127.0.0.1:6379', 'stream.keys': 'orders' }
const source = (entries: Record<string, string>) => parseRedisSourceOptions(new Options(Object.entries(entries)))
const sink = (entries: Record<string, string>) => parseRedisSinkOptions(new Options(Object.entries(entries)))

describe('Redis source options', () => {
  it('defaults: latest, failOnDataLoss, no limit, 10000 entries per XRANGE', () => {
    expect(source(base)).toEqual({
      connection: { url: 'redis://127.0.0.1:6379', name: 'rivulet-redis-source' },
      keys: ['orders'],
      startingOffsets: { kind: 'latest' },
      failOnDataLoss: true,
      maxEntriesPerTrigger: undefined,
      readBatchSize: 10_000,
    })
  })

  it('reads every option, keys in any case; starting ids may omit the sequence', () => {
    const parsed = source({
      'REDIS.URL': 'localhost:6379',
      'Stream.Keys': 'a, b',
      startingOffsets: '{"b":"17","a":"16-2"}',
      failOnDataLoss: 'false',
      maxEntriesPerTrigger: '500',
      'stream.read.batch.size': '100',
    })
    expect(parsed).toMatchObject({
      connection: { url: 'localhost:6379' },
      keys: ['a', 'b'],
      failOnDataLoss: false,
      maxEntriesPerTrigger: 500,
      readBatchSize: 100,
    })
    expect(parsed.startingOffsets).toEqual({
      kind: 'ids',
      afterIds: new Map([
        ['a', '16-2'],
        ['b', '17-0'],
      ]),
    })
    expect(source({ ...base, startingOffsets: 'Earliest' }).startingOffsets).toEqual({ kind: 'earliest' })
  })

  it('refuses a user schema, since the schema is fixed', () => {
    const options = new Options(Object.entries(base))
    expect(() =>
      redisSourceProvider().describe(options, parseSchemaString('x INT'), undefined, () => undefined),
    ).toThrow(new IllegalArgumentException('Redis source has a fixed schema and cannot be set with a custom one'))
  })

  const rejected: [string, Record<string, string>, string][] = [
    [
      'no redis.url',
      { 'stream.keys': 's' },
      "Option 'redis.url' must be specified for configuring the Redis connection",
    ],
    ['no stream.keys', { 'redis.url': 'h:1' }, "Option 'stream.keys' must be specified for the Redis streams source"],
    [
      'an empty key among stream.keys',
      { ...base, 'stream.keys': 'a,,b' },
      "Option 'stream.keys' has an empty key: 'a,,b'",
    ],
    ['a key named twice', { ...base, 'stream.keys': 'a,b,a' }, "Option 'stream.keys' names a stream twice: 'a,b,a'"],
    [
      'startingOffsets that is not earliest, latest or JSON of ids',
      { ...base, startingOffsets: '{"orders":5}' },
      `Expected 'earliest', 'latest' or e.g. {"orders":"1700000000000-0"} (the last entry id already read per stream) for option 'startingOffsets', got {"orders":5}`,
    ],
    [
      'startingOffsets that misses a stream',
      { ...base, 'stream.keys': 'a,b', startingOffsets: '{"a":"1-0"}' },
      "Option 'startingOffsets' must give an id for each stream of 'stream.keys' (a, b), got a",
    ],
    [
      'a malformed starting id',
      { ...base, startingOffsets: '{"orders":"$"}' },
      "Invalid Redis stream entry id '$' in option 'startingOffsets': expected <ms>-<seq>",
    ],
    [
      'failOnDataLoss that is not a boolean',
      { ...base, failOnDataLoss: 'no' },
      "Invalid value 'no' for option 'failOnDataLoss', must be 'true' or 'false'",
    ],
    [
      'maxEntriesPerTrigger of zero',
      { ...base, maxEntriesPerTrigger: '0' },
      "Invalid value '0' for option 'maxEntriesPerTrigger', must be a positive integer",
    ],
    [
      'a negative stream.read.batch.size',
      { ...base, 'stream.read.batch.size': '-5' },
      "Invalid value '-5' for option 'stream.read.batch.size', must be a positive integer",
    ],
    [
      'minEntriesPerTrigger',
      { ...base, minEntriesPerTrigger: '10' },
      "Option 'minEntriesPerTrigger' is not supported by the Redis streams source: it cannot count the entries waiting",
    ],
  ]
  for (const [what, entries, message] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => source(entries)).toThrow(new IllegalArgumentException(message))
    })
  }
})

describe('Redis sink options', () => {
  it('takes the stream.key option, or leaves the stream to a column', () => {
    expect(sink({ 'redis.url': 'h:1', 'stream.key': 'out' })).toEqual({
      connection: { url: 'h:1', name: 'rivulet-redis-sink' },
      key: 'out',
    })
    expect(sink({ 'redis.url': 'h:1' }).key).toBeUndefined()
  })

  it('rejects a missing redis.url and an empty stream.key', () => {
    expect(() => sink({ 'stream.key': 'out' })).toThrow(
      new IllegalArgumentException("Option 'redis.url' must be specified for configuring the Redis connection"),
    )
    expect(() => sink({ 'redis.url': 'h:1', 'stream.key': '' })).toThrow(
      new IllegalArgumentException("Option 'stream.key' must not be empty"),
    )
  })
})
