// The Spark schemas of the three Nexmark streams (as in the Flink/RisingWave harnesses, TIMESTAMP for dateTime).
import { LONG, STRING, TIMESTAMP } from '../../../types/data-types.js'
import { StructField, StructType } from '../../../types/struct-type.js'
import type { NexmarkTable } from './config.js'

export const PERSON_SCHEMA = StructType([
  StructField('id', LONG),
  StructField('name', STRING),
  StructField('emailAddress', STRING),
  StructField('creditCard', STRING),
  StructField('city', STRING),
  StructField('state', STRING),
  StructField('dateTime', TIMESTAMP),
  StructField('extra', STRING),
])

export const AUCTION_SCHEMA = StructType([
  StructField('id', LONG),
  StructField('itemName', STRING),
  StructField('description', STRING),
  StructField('initialBid', LONG),
  StructField('reserve', LONG),
  StructField('dateTime', TIMESTAMP),
  StructField('expires', TIMESTAMP),
  StructField('seller', LONG),
  StructField('category', LONG),
  StructField('extra', STRING),
])

export const BID_SCHEMA = StructType([
  StructField('auction', LONG),
  StructField('bidder', LONG),
  StructField('price', LONG),
  StructField('channel', STRING),
  StructField('url', STRING),
  StructField('dateTime', TIMESTAMP),
  StructField('extra', STRING),
])

export const NEXMARK_SCHEMAS: Readonly<Record<NexmarkTable, StructType>> = {
  person: PERSON_SCHEMA,
  auction: AUCTION_SCHEMA,
  bid: BID_SCHEMA,
}
