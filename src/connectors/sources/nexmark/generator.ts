// NexmarkGenerator: the events of any event-number range as Arrow batches per stream. Each event is a pure
// function of (config, event number), so the same range always yields the same rows (replay) in any order.
import type { RecordBatch } from '../../../arrow/index.js'
import { auctionBatch } from './auction.js'
import { bidBatch } from './bid.js'
import { DEFAULT_CONFIG, NexmarkClock, type NexmarkConfig, type NexmarkTable } from './config.js'
import { personBatch } from './person.js'
import { Random } from './random.js'

export class NexmarkGenerator {
  readonly clock: NexmarkClock
  private readonly random = new Random()

  constructor(config: Partial<NexmarkConfig> = {}) {
    this.clock = new NexmarkClock({ ...DEFAULT_CONFIG, ...config })
  }

  get config(): NexmarkConfig {
    return this.clock.config
  }

  /** The `table` events among events [start, end) (event numbers from 0), in event order. */
  batch(table: NexmarkTable, start: number, end: number): RecordBatch {
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end)) {
      throw new RangeError(`Invalid Nexmark event range [${start}, ${end})`)
    }
    switch (table) {
      case 'person':
        return personBatch(this.clock, this.random, start, end)
      case 'auction':
        return auctionBatch(this.clock, this.random, start, end)
      case 'bid':
        return bidBatch(this.clock, this.random, start, end)
    }
  }

  /** How many `table` events there are among events [start, end). */
  count(table: NexmarkTable, start: number, end: number): number {
    return this.clock.count(table, start, end)
  }
}
