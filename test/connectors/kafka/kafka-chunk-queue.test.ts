// The queue between a streamed batch's partition readers and the query: arrival order, a byte budget that holds
// readers back, the first reader's failure, and readers told to stop when the query leaves early.
import { describe, expect, it } from 'vitest'
import { KafkaChunkQueue } from '../../../src/connectors/kafka/kafka-chunk-queue.js'

const sizeOf = (chunk: string) => chunk.length

describe('KafkaChunkQueue', () => {
  it('hands chunks over in the order they arrive and ends when every reader is done', async () => {
    const queue = new KafkaChunkQueue<string>(2, 100, sizeOf)
    const taken: string[] = []
    const draining = (async () => {
      for await (const chunk of queue.drain()) taken.push(chunk)
    })()
    expect(queue.push('a1')).toBe(true)
    expect(queue.push('b1')).toBe(true)
    queue.done()
    await new Promise((resolve) => setImmediate(resolve))
    expect(queue.push('b2')).toBe(true)
    queue.done()
    await draining
    expect(taken).toEqual(['a1', 'b1', 'b2'])
  })

  it('holds a reader back once the chunks not yet taken pass the budget, until the query takes them', async () => {
    const queue = new KafkaChunkQueue<string>(1, 4, sizeOf)
    expect(queue.push('abc')).toBe(true)
    const held = queue.push('def')
    expect(held).toBeInstanceOf(Promise)
    let resumed: boolean | undefined
    void (held as Promise<boolean>).then((more) => {
      resumed = more
    })
    const chunks = queue.drain()
    expect((await chunks.next()).value).toBe('abc')
    // 3 bytes left queued, under the budget of 4: the reader reads on.
    expect(resumed).toBe(true)
    queue.done()
    expect((await chunks.next()).value).toBe('def')
    expect((await chunks.next()).done).toBe(true)
  })

  it('fails the query with the first reader error', async () => {
    const queue = new KafkaChunkQueue<string>(2, 100, sizeOf)
    queue.push('a1')
    queue.done(new Error('broker gone'))
    queue.done(new Error('second'))
    const taken: string[] = []
    await expect(
      (async () => {
        for await (const chunk of queue.drain()) taken.push(chunk)
      })(),
    ).rejects.toThrow('broker gone')
    expect(taken).toEqual([])
  })

  it('tells readers to stop once the query leaves early, including one held back by the budget', async () => {
    const queue = new KafkaChunkQueue<string>(2, 2, sizeOf)
    expect(queue.push('ab')).toBe(true)
    const first = queue.push('cd')
    const second = queue.push('ef')
    for await (const chunk of queue.drain()) {
      // 4 bytes still queued, over the budget: nobody is resumed before the query leaves.
      expect(chunk).toBe('ab')
      break
    }
    await expect(first).resolves.toBe(false)
    await expect(second).resolves.toBe(false)
    expect(queue.push('gh')).toBe(false)
  })
})
