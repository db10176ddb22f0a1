// Test-side Redis administration through `ioredis` itself (not Rivulet's client): stream entries added with chosen
// ids, trims, deletes and reads, so tests set up and check the server independently of the code under test.
import { Redis } from 'ioredis'

export interface StoredEntry {
  readonly id: string
  readonly fields: Record<string, string>
}

export class RedisAdmin {
  private constructor(private readonly redis: Redis) {}

  static async connect(address: string): Promise<RedisAdmin> {
    const redis = new Redis(`redis://${address}`, { lazyConnect: true })
    await redis.connect()
    return new RedisAdmin(redis)
  }

  /** Adds entries of text fields; `id` defaults to `*` (the server's time). Returns the ids. */
  async add(key: string, entries: readonly (Record<string, string> & { id?: string })[]): Promise<string[]> {
    const ids: string[] = []
    for (const { id, ...fields } of entries) {
      ids.push((await this.redis.xadd(key, id ?? '*', ...Object.entries(fields).flat()))!)
    }
    return ids
  }

  /** Adds entries (field `v`) with server-made ids in one pipeline, in order; returns the ids. */
  async addAll(entries: readonly { readonly key: string; readonly v: string }[]): Promise<string[]> {
    const pipeline = this.redis.pipeline()
    for (const { key, v } of entries) pipeline.xadd(key, '*', 'v', v)
    const replies = (await pipeline.exec()) ?? []
    return replies.map(([error, id]) => {
      if (error) throw error
      return id as string
    })
  }

  /** Adds entries with chosen ids and trims the stream before `minId`, in one transaction (seen at once or not). */
  async addAndTrim(key: string, entries: readonly { id: string; v: string }[], minId: string): Promise<void> {
    const transaction = this.redis.multi()
    for (const { id, v } of entries) transaction.xadd(key, id, 'v', v)
    transaction.xtrim(key, 'MINID', minId)
    await transaction.exec()
  }

  /** Makes `key` a plain string (not a stream). */
  async setString(key: string): Promise<void> {
    await this.redis.set(key, 'not a stream')
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key)
  }

  /** Removes the entries before `id` (XTRIM MINID). */
  async trimBefore(key: string, id: string): Promise<void> {
    await this.redis.xtrim(key, 'MINID', id)
  }

  /** Every entry of the stream, in id order. */
  async entries(key: string): Promise<StoredEntry[]> {
    const reply = await this.redis.xrange(key, '-', '+')
    return reply.map(([id, flat]) => {
      const fields: Record<string, string> = {}
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!
      return { id, fields }
    })
  }

  async close(): Promise<void> {
    await this.redis.quit()
  }
}
