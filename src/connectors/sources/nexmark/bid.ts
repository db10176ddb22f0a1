// Bid events (Beam's BidGenerator, with Flink's channel and url) of an event-number range, as one Arrow batch.
import { makeBatch, numericColumnOwning, type RecordBatch, Utf8Builder } from '../../../arrow/index.js'
import { LONG, TIMESTAMP } from '../../../types/data-types.js'
import { CHANNELS_NUMBER, channelTable, HOT_CHANNELS } from './channels.js'
import { FIRST_AUCTION_ID, FIRST_PERSON_ID, type NexmarkClock } from './config.js'
import { forEachEventOf } from './event-range.js'
import { hotAuctionBase0, hotPersonBase0, nextBase0AuctionId, nextBase0PersonId } from './people.js'
import type { Random } from './random.js'
import { BID_SCHEMA } from './schemas.js'
import { extraLength, nextPrice, writeExactString } from './text.js'

export function bidBatch(clock: NexmarkClock, random: Random, start: number, end: number): RecordBatch {
  const rows = clock.count('bid', start, end)
  const { seed, avgBidByteSize, hotAuctionRatio, hotBiddersRatio, hotChannelsRatio } = clock.config
  const { nameBytes, urlBytes } = channelTable(seed)
  const auctions = new Float64Array(rows)
  const bidders = new Float64Array(rows)
  const prices = new Float64Array(rows)
  const times = new Float64Array(rows)
  const channels = new Utf8Builder(rows, rows * 10)
  const urlColumn = new Utf8Builder(rows, rows * 64)
  const extras = new Utf8Builder(rows, rows * avgBidByteSize)
  const scratch = new Uint8Array(Math.max(256, avgBidByteSize * 2))
  let row = 0
  forEachEventOf(clock, 'bid', start, end, (n) => {
    random.reseed(seed, n)
    const auction =
      random.nextInt(hotAuctionRatio) > 0 ? hotAuctionBase0(clock, n) : nextBase0AuctionId(clock, random, n)
    auctions[row] = auction + FIRST_AUCTION_ID
    const bidder =
      random.nextInt(hotBiddersRatio) > 0 ? hotPersonBase0(clock, n) + 1 : nextBase0PersonId(clock, random, n)
    bidders[row] = bidder + FIRST_PERSON_ID
    prices[row] = nextPrice(random)
    times[row] = clock.timestampMs(n) * 1000
    const channel =
      random.nextInt(hotChannelsRatio) > 0
        ? random.nextInt(HOT_CHANNELS.length)
        : HOT_CHANNELS.length + random.nextInt(CHANNELS_NUMBER)
    channels.appendBytes(nameBytes.bytes, nameBytes.offsets[channel], nameBytes.offsets[channel + 1])
    urlColumn.appendBytes(urlBytes.bytes, urlBytes.offsets[channel], urlBytes.offsets[channel + 1])
    extras.appendBytes(scratch, 0, writeExactString(random, scratch, 0, extraLength(random, 32, avgBidByteSize)))
    row++
  })
  return makeBatch(
    BID_SCHEMA,
    [
      numericColumnOwning(LONG, auctions, null),
      numericColumnOwning(LONG, bidders, null),
      numericColumnOwning(LONG, prices, null),
      channels.finish(),
      urlColumn.finish(),
      numericColumnOwning(TIMESTAMP, times, null),
      extras.finish(),
    ],
    rows,
  )
}
