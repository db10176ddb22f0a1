// Exactly-once from NATS JetStream under SIGKILL: messages published to 3 subjects of one stream while a query reads
// them into a parquet file sink is killed at random durable operations; the output holds every sequence once.
import { afterAll, beforeAll, it } from 'vitest'
import { crashRecovery } from '../../support/bus-crash.js'
import { NatsAdmin } from '../../support/nats-admin.js'
import { testServer } from '../../support/servers.js'

const nats = testServer('nats')

nats.describe('the NATS JetStream source under SIGKILL', () => {
  let admin: NatsAdmin
  beforeAll(async () => {
    admin = await NatsAdmin.connect(nats.address)
    await admin.createStream('CRASH', ['crash.*'])
  })
  afterAll(() => admin.close())

  it('reads 100 000 messages into a parquet sink exactly once across 10 killed runs', async () => {
    const subjectOf = (i: number) => `crash.${i % 3}`
    /** The sequence JetStream acknowledged for each message. */
    const sequences: number[] = []
    await crashRecovery(
      {
        env: { BUS: 'nats', ADDRESS: nats.address, STREAM: 'CRASH' },
        async produce(from, to) {
          const messages = Array.from({ length: to - from }, (_, j) => ({
            subject: subjectOf(from + j),
            data: `m${from + j}`,
          }))
          sequences.push(...(await admin.publishAll(messages)))
        },
        partOf: subjectOf,
        positions: (_, indexes) => indexes.map((i) => String(sequences[i])),
      },
      { messages: 100_000, crashes: 10, limit: 2000, seed: 17 },
    )
  }, 600_000)
})
