// Admission control worked by hand from KafkaMicroBatchStream.rateLimit/delayBatch: p = limit * (size / total),
// ceil when p < 1, floor otherwise, capped at the partition's end.
import { describe, expect, it } from 'vitest'
import { admit, delayBatch, kafkaDefaultReadLimit, rateLimit } from '../../../src/connectors/kafka/kafka-admission.js'
import type { PartitionOffsets } from '../../../src/connectors/kafka/kafka-offsets.js'

const offsets = (entries: Record<string, number>): PartitionOffsets => new Map(Object.entries(entries))
const none = offsets({})
const plain = (m: PartitionOffsets) => Object.fromEntries(m)

describe('rateLimit (maxOffsetsPerTrigger)', () => {
  it('splits the limit in proportion to each backlog, rounding a share below 1 up so no partition starves', () => {
    // sizes 100, 5, 0 (idle); total 105.
    // t-0: 10 * (100/105) = 9.52 -> floor 9;  t-1: 10 * (5/105) = 0.476 -> ceil 1;  t-2 idle keeps its end.
    const from = offsets({ 't-0': 0, 't-1': 0, 't-2': 0 })
    const until = offsets({ 't-0': 100, 't-1': 5, 't-2': 0 })
    expect(plain(rateLimit(10, from, until, none))).toEqual({ 't-0': 9, 't-1': 1, 't-2': 0 })
  })

  it('floors each share, so the batch can admit fewer offsets than the limit', () => {
    // sizes 1000 and 20000, total 21000: 100 * (1000/21000) = 4.76 -> 4; 100 * (20000/21000) = 95.24 -> 95.
    const from = offsets({ 'a-0': 10, 'a-1': 20 })
    const until = offsets({ 'a-0': 1010, 'a-1': 20020 })
    expect(plain(rateLimit(100, from, until, none))).toEqual({ 'a-0': 14, 'a-1': 115 })
  })

  it('computes shares in double arithmetic as Spark does: 22 * (15/22) is 14.999999999999998, floored to 14', () => {
    // The limit equals the backlog (15 + 7), yet the first partition gets 14: 15/22 rounds down in binary.
    const from = offsets({ 'x-0': 0, 'x-1': 0 })
    const until = offsets({ 'x-0': 15, 'x-1': 7 })
    expect(22 * (15 / 22)).toBe(14.999999999999998)
    expect(plain(rateLimit(22, from, until, none))).toEqual({ 'x-0': 14, 'x-1': 7 })
  })

  it('starts partitions missing from the start offsets at their earliest offset', () => {
    // t-0: 15 - 5 = 10; t-1 (new, earliest 10): 30 - 10 = 20; total 30.
    // 6 * (10/30) = 2 -> 5 + 2 = 7;  6 * (20/30) = 4 -> 10 + 4 = 14.
    const from = offsets({ 't-0': 5 })
    const until = offsets({ 't-0': 15, 't-1': 30 })
    expect(plain(rateLimit(6, from, until, offsets({ 't-1': 10 })))).toEqual({ 't-0': 7, 't-1': 14 })
  })

  it('never passes a partition end, and leaves offsets alone when there is nothing new', () => {
    // limit 1000 over sizes 10 and 20: 333 and 666 are capped at the ends.
    const from = offsets({ 'a-0': 0, 'a-1': 0 })
    expect(plain(rateLimit(1000, from, offsets({ 'a-0': 10, 'a-1': 20 }), none))).toEqual({ 'a-0': 10, 'a-1': 20 })
    // total < 1 (and a partition whose end went backwards): `until` as it is.
    expect(plain(rateLimit(5, offsets({ 'a-0': 7, 'a-1': 9 }), offsets({ 'a-0': 7, 'a-1': 3 }), none))).toEqual({
      'a-0': 7,
      'a-1': 3,
    })
  })
})

describe('delayBatch (minOffsetsPerTrigger with maxTriggerDelay)', () => {
  const latest = offsets({ 't-0': 50, 't-1': 30 })

  it('delays while fewer than minOffsetsPerTrigger offsets are new, counting a new partition from 0', () => {
    // 50 - 0 + 30 - 0 = 80 < 100, and 1000 - 0 < 60000: delay; the last trigger time stays.
    expect(delayBatch(100, latest, offsets({ 't-0': 0 }), 60_000, 1000, 0)).toEqual({ delay: true, lastTriggerMs: 0 })
  })

  it('runs once enough offsets are new, moving the last trigger time to now', () => {
    // 80 >= 80.
    expect(delayBatch(80, latest, offsets({ 't-0': 0 }), 60_000, 1000, 0)).toEqual({
      delay: false,
      lastTriggerMs: 1000,
    })
  })

  it('runs whatever the backlog once maxTriggerDelay has passed since the last trigger', () => {
    expect(delayBatch(100, latest, latest, 60_000, 61_000, 1000)).toEqual({ delay: false, lastTriggerMs: 61_000 })
    expect(delayBatch(100, latest, latest, 60_000, 60_999, 1000)).toEqual({ delay: true, lastTriggerMs: 1000 })
  })
})

describe('admit (latestOffset with a read limit)', () => {
  const start = offsets({ 't-0': 0, 't-1': 0 })
  const latest = offsets({ 't-0': 90, 't-1': 10 })
  const state = (nowMs: number, lastTriggerMs: number) => ({
    nowMs,
    lastTriggerMs,
    earliestOf: async (): Promise<PartitionOffsets> => {
      throw new Error('no new partitions here')
    },
  })

  it('takes the default limit from the options: all, maxRows, minRows, or both', () => {
    const base = { maxOffsetsPerTrigger: undefined, minOffsetsPerTrigger: undefined, maxTriggerDelayMs: 900_000 }
    expect(kafkaDefaultReadLimit(base)).toEqual({ kind: 'all' })
    expect(kafkaDefaultReadLimit({ ...base, maxOffsetsPerTrigger: 5 })).toEqual({ kind: 'maxRows', maxRows: 5 })
    expect(kafkaDefaultReadLimit({ ...base, minOffsetsPerTrigger: 3, maxOffsetsPerTrigger: 5 })).toEqual({
      kind: 'composite',
      limits: [
        { kind: 'minRows', minRows: 3, maxTriggerDelayMs: 900_000 },
        { kind: 'maxRows', maxRows: 5 },
      ],
    })
  })

  it('reads everything when the limit includes all', async () => {
    const limit = { kind: 'composite', limits: [{ kind: 'maxRows', maxRows: 1 }, { kind: 'all' }] } as const
    expect(plain((await admit(limit, start, latest, state(5, 0))).end)).toEqual({ 't-0': 90, 't-1': 10 })
  })

  it('returns the start itself while minRows delays the batch, then splits maxRows once it runs', async () => {
    const limit = {
      kind: 'composite',
      limits: [
        { kind: 'minRows', minRows: 200, maxTriggerDelayMs: 1000 },
        { kind: 'maxRows', maxRows: 20 },
      ],
    } as const
    // 100 new < 200 and 500 - 0 < 1000: no batch.
    const delayed = await admit(limit, start, latest, state(500, 0))
    expect(plain(delayed.end)).toEqual({ 't-0': 0, 't-1': 0 })
    expect(delayed.lastTriggerMs).toBe(0)
    // 1000 ms passed: the batch runs, limited to 20: 20 * (90/100) = 18, 20 * (10/100) = 2.
    const ran = await admit(limit, start, latest, state(1000, 0))
    expect(plain(ran.end)).toEqual({ 't-0': 18, 't-1': 2 })
    expect(ran.lastTriggerMs).toBe(1000)
  })

  it('asks for the earliest offsets of new partitions only when maxRows needs them', async () => {
    const asked: string[][] = []
    const fresh = offsets({ 't-0': 90, 't-1': 10, 't-2': 40 })
    const result = await admit({ kind: 'maxRows', maxRows: 10 }, start, fresh, {
      nowMs: 0,
      lastTriggerMs: 0,
      earliestOf: async (tps) => {
        asked.push([...tps])
        return offsets({ 't-2': 30 })
      },
    })
    // sizes 90, 10, 10 (t-2 from its earliest 30); total 110: 10*(90/110) = 8.18 -> 8, 10*(10/110) = 0.909 -> ceil 1.
    expect(asked).toEqual([['t-2']])
    expect(plain(result.end)).toEqual({ 't-0': 8, 't-1': 1, 't-2': 31 })
  })
})
