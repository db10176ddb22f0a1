// Exactly-once from Redis Streams under SIGKILL: entries added to 3 stream keys while a query reads them into a
// parquet file sink is killed at random durable operations; the output holds every (key, entry id) once.
import { afterAll, beforeAll, it } from 'vitest'
import { crashRecovery } from '../../support/bus-crash.js'
import { RedisAdmin } from '../../support/redis-admin.js'
import { testServer } from '../../support/servers.js'

const redis = testServer('redis')

redis.describe('the Redis streams source under SIGKILL', () => {
  let admin: RedisAdmin
  beforeAll(async () => {
    admin = await RedisAdmin.connect(redis.address)
  })
  afterAll(() => admin.close())

  it('reads 100 000 entries into a parquet sink exactly once across 10 killed runs', async () => {
    const keyOf = (i: number) => `crash-${i % 3}`
    /** The id Redis gave each entry. */
    const ids: string[] = []
    await crashRecovery(
      {
        env: { BUS: 'redis', ADDRESS: redis.address, KEYS: 'crash-0,crash-1,crash-2' },
        async produce(from, to) {
          const entries = Array.from({ length: to - from }, (_, j) => ({ key: keyOf(from + j), v: `m${from + j}` }))
          ids.push(...(await admin.addAll(entries)))
        },
        partOf: keyOf,
        positions: (_, indexes) => indexes.map((i) => ids[i]!),
      },
      { messages: 100_000, crashes: 10, limit: 2000, seed: 19 },
    )
  }, 600_000)
})
