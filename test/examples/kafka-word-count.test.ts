// examples/kafka_word_count.ts run as a user runs it, against the Kafka test broker.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { KafkaClient } from '../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../../src/connectors/kafka/kafkajs-client.js'
import { type ChildProgram, runProgram } from '../support/child-program.js'
import { consoleBanner as banner } from '../support/example-run.js'
import { testServer } from '../support/servers.js'

const kafka = testServer('kafka')
const table = (...lines: string[]) => `${lines.join('\n')}\n\n`

kafka.describe('examples/kafka_word_count.ts', () => {
  let producer: KafkaClient
  let program: ChildProgram | undefined
  beforeAll(() => {
    producer = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'example-test'))
  })
  afterAll(() => producer.close())
  afterEach(() => {
    program?.process.kill('SIGKILL')
  })

  const send = (line: string) =>
    producer.produce([
      { topic: 'example-lines', partition: null, key: null, value: new TextEncoder().encode(line), headers: null },
    ])

  it('counts the words of the lines produced after it started, in complete mode', async () => {
    // The topic exists before the query starts at its latest offsets, so this line is not read.
    await send('before the query')
    program = runProgram('examples/kafka_word_count.ts', {}, { args: [kafka.address, 'subscribe', 'example-lines'] })
    await program.waitFor(banner(0))
    await send('apache spark')
    await program.waitFor(banner(1))
    await send('apache kafka')
    await program.waitFor('| kafka|    1|')
    const out = program.stdout()
    expect(out.startsWith(banner(0) + table('+----+-----+', '|word|count|', '+----+-----+', '+----+-----+'))).toBe(true)
    expect(out.slice(out.lastIndexOf('+------+-----+\n|  word|count|'))).toBe(
      table(
        '+------+-----+',
        '|  word|count|',
        '+------+-----+',
        '|apache|    2|',
        '| spark|    1|',
        '| kafka|    1|',
        '+------+-----+',
      ),
    )
  })
})
