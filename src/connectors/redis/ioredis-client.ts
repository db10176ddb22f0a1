// RedisClient over the official `ioredis` package (loaded on first use): XINFO STREAM for bounds, XRANGE with an
// exclusive start for exact ranges, pipelined XADDs for the sink. A refused connection fails after a few retries.
import { messageOf } from '../../common/errors.js'
import { InFlight } from '../in-flight.js'
import type {
  RedisClient,
  RedisConnectionConfig,
  RedisEntries,
  RedisOutgoing,
  RedisStreamInfo,
} from './redis-client.js'
import { RedisException } from './redis-exception.js'

type Redis = import('ioredis').Redis

/** XADDs sent in one pipeline. */
const PIPELINE = 4096
/** Reconnection attempts before commands fail. */
const RETRIES = 3

const failure = (what: string, error: unknown) =>
  error instanceof RedisException ? error : new RedisException(`${what}: ${messageOf(error)}`, { cause: error })

/** XINFO STREAM's flat reply (`name, value, name, value, ...`) as the fields Rivulet reads. */
function streamInfo(reply: readonly unknown[]): RedisStreamInfo {
  const fields = new Map<string, unknown>()
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), reply[i + 1])
  const first = fields.get('first-entry') as [string, unknown] | null | undefined
  const maxDeleted = fields.get('max-deleted-entry-id')
  const added = fields.get('entries-added')
  return {
    lastGeneratedId: String(fields.get('last-generated-id')),
    firstEntryId: first ? String(first[0]) : undefined,
    maxDeletedEntryId: maxDeleted === undefined ? undefined : String(maxDeleted),
    entriesAdded: added === undefined ? undefined : Number(added),
  }
}

export class IoredisClient implements RedisClient {
  private connection: Promise<Redis> | undefined
  private readonly inFlight = new InFlight()

  constructor(private readonly config: RedisConnectionConfig) {}

  streamInfo(keys: readonly string[]): Promise<readonly (RedisStreamInfo | null)[]> {
    return this.inFlight.run(async () => {
      const redis = await this.connect()
      const pipeline = redis.pipeline()
      for (const key of keys) pipeline.xinfo('STREAM', key)
      const replies = (await pipeline.exec().catch((error) => {
        throw failure('Cannot read the streams', error)
      }))!
      return replies.map(([error, reply], i) => {
        if (error) {
          if (/no such key/i.test(error.message)) return null
          throw failure(`Cannot read stream ${keys[i]}`, error)
        }
        return streamInfo(reply as unknown[])
      })
    })
  }

  range(key: string, afterId: string, toId: string, count: number): Promise<RedisEntries> {
    return this.inFlight.run(async () => {
      const redis = await this.connect()
      let reply: [Buffer, Buffer[]][]
      try {
        reply = await redis.xrangeBuffer(key, `(${afterId}`, toId, 'COUNT', count)
      } catch (error) {
        throw failure(`Cannot read stream ${key} after ${afterId}`, error)
      }
      const ids = new Array<string>(reply.length)
      const fieldOffsets = new Int32Array(reply.length + 1)
      const fieldNames: string[] = []
      const fieldValues: Uint8Array[] = []
      for (let i = 0; i < reply.length; i++) {
        const [id, fields] = reply[i]!
        ids[i] = id.toString('latin1')
        for (let f = 0; f + 1 < fields.length; f += 2) {
          fieldNames.push(fields[f]!.toString('utf8'))
          fieldValues.push(fields[f + 1]!)
        }
        fieldOffsets[i + 1] = fieldNames.length
      }
      return { count: reply.length, ids, fieldOffsets, fieldNames, fieldValues }
    })
  }

  add(entries: readonly RedisOutgoing[]): Promise<void> {
    return this.inFlight.run(async () => {
      const redis = await this.connect()
      for (let start = 0; start < entries.length; start += PIPELINE) {
        const pipeline = redis.pipeline()
        for (const { key, fields } of entries.slice(start, start + PIPELINE)) {
          const args: (string | Buffer)[] = []
          for (const [name, value] of fields) args.push(name, Buffer.from(value.buffer, value.byteOffset, value.length))
          pipeline.xadd(key, '*', ...args)
        }
        const replies = await pipeline.exec().catch((error) => {
          throw failure('Cannot add to the streams', error)
        })
        const failed = replies!.findIndex(([error]) => error)
        if (failed >= 0) throw failure(`Cannot add to stream ${entries[start + failed]!.key}`, replies![failed]![0])
      }
    })
  }

  /** Closes the connection once the calls under way have finished. */
  async close(): Promise<void> {
    await this.inFlight.settled()
    const connection = this.connection
    this.connection = undefined
    const redis = await connection?.catch(() => undefined)
    if (redis) await redis.quit().catch(() => redis.disconnect())
  }

  private connect(): Promise<Redis> {
    this.connection ??= (async () => {
      const { Redis } = await import('ioredis')
      const url = /^rediss?:\/\//.test(this.config.url) ? this.config.url : `redis://${this.config.url}`
      const redis = new Redis(url, {
        lazyConnect: true,
        connectionName: this.config.name,
        maxRetriesPerRequest: RETRIES,
        retryStrategy: (times) => (times > RETRIES ? null : 100 * times),
      })
      // Errors surface through the commands that fail; this keeps ioredis from printing each reconnection attempt.
      redis.on('error', () => {})
      try {
        await redis.connect()
      } catch (error) {
        redis.disconnect()
        throw failure(`Cannot connect to Redis at ${this.config.url}`, error)
      }
      return redis
    })()
    this.connection.catch(() => {
      this.connection = undefined
    })
    return this.connection
  }
}
