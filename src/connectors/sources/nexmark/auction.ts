// Auction events (Beam's AuctionGenerator) of an event-number range, as one Arrow batch built column by column.
import { makeBatch, numericColumnOwning, type RecordBatch, Utf8Builder } from '../../../arrow/index.js'
import { LONG, TIMESTAMP } from '../../../types/data-types.js'
import { FIRST_AUCTION_ID, FIRST_CATEGORY_ID, FIRST_PERSON_ID, type NexmarkClock, NUM_CATEGORIES } from './config.js'
import { forEachEventOf } from './event-range.js'
import { hotPersonBase0, nextBase0PersonId } from './people.js'
import type { Random } from './random.js'
import { AUCTION_SCHEMA } from './schemas.js'
import { extraLength, nextPrice, writeExactString, writeNextString } from './text.js'

export function auctionBatch(clock: NexmarkClock, random: Random, start: number, end: number): RecordBatch {
  const rows = clock.count('auction', start, end)
  const { seed, avgAuctionByteSize, hotSellersRatio, numInFlightAuctions, auctionProportion } = clock.config
  const ids = new Float64Array(rows)
  const initialBids = new Float64Array(rows)
  const reserves = new Float64Array(rows)
  const times = new Float64Array(rows)
  const expires = new Float64Array(rows)
  const sellers = new Float64Array(rows)
  const categories = new Float64Array(rows)
  const itemNames = new Utf8Builder(rows, rows * 12)
  const descriptions = new Utf8Builder(rows, rows * 52)
  const extras = new Utf8Builder(rows, rows * avgAuctionByteSize)
  const scratch = new Uint8Array(Math.max(256, avgAuctionByteSize * 2))
  // Auction lengths average the event time until numInFlightAuctions more auctions exist.
  const eventsForAuctions = Math.floor((numInFlightAuctions * clock.totalProportion) / auctionProportion)
  let row = 0
  forEachEventOf(clock, 'auction', start, end, (n) => {
    random.reseed(seed, n)
    const timeMs = clock.timestampMs(n)
    ids[row] = clock.lastBase0AuctionId(n) + FIRST_AUCTION_ID
    const seller = random.nextInt(hotSellersRatio) > 0 ? hotPersonBase0(clock, n) : nextBase0PersonId(clock, random, n)
    sellers[row] = seller + FIRST_PERSON_ID
    categories[row] = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES)
    const initialBid = nextPrice(random)
    initialBids[row] = initialBid
    const horizonMs = clock.timestampMs(n + eventsForAuctions) - timeMs
    times[row] = timeMs * 1000
    expires[row] = (timeMs + 1 + random.nextLong(Math.max(horizonMs * 2, 1))) * 1000
    const nameLength = writeNextString(random, scratch, 0, 20)
    itemNames.appendBytes(scratch, 0, nameLength)
    const descriptionLength = writeNextString(random, scratch, 0, 100)
    descriptions.appendBytes(scratch, 0, descriptionLength)
    reserves[row] = initialBid + nextPrice(random)
    const size = 8 + nameLength + descriptionLength + 8 + 8 + 8 + 8 + 8
    extras.appendBytes(scratch, 0, writeExactString(random, scratch, 0, extraLength(random, size, avgAuctionByteSize)))
    row++
  })
  return makeBatch(
    AUCTION_SCHEMA,
    [
      numericColumnOwning(LONG, ids, null),
      itemNames.finish(),
      descriptions.finish(),
      numericColumnOwning(LONG, initialBids, null),
      numericColumnOwning(LONG, reserves, null),
      numericColumnOwning(TIMESTAMP, times, null),
      numericColumnOwning(TIMESTAMP, expires, null),
      numericColumnOwning(LONG, sellers, null),
      numericColumnOwning(LONG, categories, null),
      extras.finish(),
    ],
    rows,
  )
}
