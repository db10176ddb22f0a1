// Choosing people and auctions that events refer to: Beam's nextBase0PersonId / nextBase0AuctionId (a random
// recent id, a few ids ahead allowed) and the hot seller/bidder/auction blocks.
import { AUCTION_ID_LEAD, HOT_ID_BLOCK, type NexmarkClock, PERSON_ID_LEAD } from './config.js'
import type { Random } from './random.js'

/** A random person among the `numActivePeople` newest, or up to PERSON_ID_LEAD not yet created (base 0). */
export function nextBase0PersonId(clock: NexmarkClock, random: Random, eventId: number): number {
  const numPeople = clock.lastBase0PersonId(eventId) + 1
  const activePeople = Math.min(numPeople, clock.config.numActivePeople)
  return numPeople - activePeople + random.nextLong(activePeople + PERSON_ID_LEAD)
}

/** A random auction among the `numInFlightAuctions` newest, or up to AUCTION_ID_LEAD ahead (base 0). */
export function nextBase0AuctionId(clock: NexmarkClock, random: Random, eventId: number): number {
  const maxAuction = clock.lastBase0AuctionId(eventId)
  const minAuction = Math.max(maxAuction - clock.config.numInFlightAuctions, 0)
  return minAuction + random.nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD)
}

/** The current hot person block's first id (hot sellers); hot bidders are the second (+1). */
export function hotPersonBase0(clock: NexmarkClock, eventId: number): number {
  return Math.floor(clock.lastBase0PersonId(eventId) / HOT_ID_BLOCK) * HOT_ID_BLOCK
}

/** The current hot auction: the first of the newest block of HOT_ID_BLOCK auctions (base 0). */
export function hotAuctionBase0(clock: NexmarkClock, eventId: number): number {
  return Math.floor(clock.lastBase0AuctionId(eventId) / HOT_ID_BLOCK) * HOT_ID_BLOCK
}
