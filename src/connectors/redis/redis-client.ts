// Rivulet's own view of a Redis server's streams: the few calls the `redis` source and sink make, so a test or a user
// can swap clients. Nothing here uses consumer groups or XACK: positions (entry ids) live in the checkpoint.

/** What XINFO STREAM tells about a stream (fields of Redis 7 are undefined on older servers). */
export interface RedisStreamInfo {
  /** The id of the last entry ever added (even if it was deleted since). */
  readonly lastGeneratedId: string
  /** The id of the first entry stored; undefined when the stream is empty. */
  readonly firstEntryId: string | undefined
  /** The largest id ever deleted (XDEL, XTRIM, MAXLEN); `0-0` when none was (Redis ≥ 7). */
  readonly maxDeletedEntryId: string | undefined
  /** How many entries were ever added: a stream deleted and created again counts from 0 (Redis ≥ 7). */
  readonly entriesAdded: number | undefined
}

/** Entries of one stream, column by column (entry i's fields are names/values[offsets[i] .. offsets[i+1])). */
export interface RedisEntries {
  readonly count: number
  readonly ids: readonly string[]
  readonly fieldOffsets: Int32Array
  readonly fieldNames: readonly string[]
  readonly fieldValues: readonly Uint8Array[]
}

/** An entry to add with XADD (the server assigns the id). */
export interface RedisOutgoing {
  readonly key: string
  /** Field names and values, in order. */
  readonly fields: readonly (readonly [string, Uint8Array])[]
}

/** How to reach the server: a `redis://` URL (user, password and database number included). */
export interface RedisConnectionConfig {
  readonly url: string
  /** The client name the server shows (CLIENT SETNAME). */
  readonly name: string
}

export interface RedisClient {
  /** XINFO STREAM of each key, in order; null for a key that does not exist. */
  streamInfo(keys: readonly string[]): Promise<readonly (RedisStreamInfo | null)[]>
  /** Up to `count` entries of `key` with `afterId < id <= toId`, in id order (XRANGE). */
  range(key: string, afterId: string, toId: string, count: number): Promise<RedisEntries>
  /** Adds the entries in order and resolves once the server replied to every XADD; rejects on the first error. */
  add(entries: readonly RedisOutgoing[]): Promise<void>
  close(): Promise<void>
}

/** Makes the client a source or sink talks to Redis through (tests may pass another). */
export type RedisClientFactory = (config: RedisConnectionConfig) => RedisClient
