// Person events (Beam's PersonGenerator) of an event-number range, as one Arrow batch built column by column.
import { makeBatch, numericColumnOwning, type RecordBatch, Utf8Builder } from '../../../arrow/index.js'
import { LONG, TIMESTAMP } from '../../../types/data-types.js'
import { FIRST_PERSON_ID, type NexmarkClock } from './config.js'
import { forEachEventOf } from './event-range.js'
import type { Random } from './random.js'
import { PERSON_SCHEMA } from './schemas.js'
import { asciiBytes, extraLength, writeBytes, writeDecimal, writeExactString, writeNextString } from './text.js'

const FIRST_NAMES = 'Peter,Paul,Luke,John,Saul,Vicky,Kate,Julie,Sarah,Deiter,Walter'.split(',').map(asciiBytes)
const LAST_NAMES = 'Shultz,Abrams,Spencer,White,Bartels,Walton,Smith,Jones,Noris'.split(',').map(asciiBytes)
const US_CITIES = 'Phoenix,Los Angeles,San Francisco,Boise,Portland,Bend,Redmond,Seattle,Kent,Cheyenne'
  .split(',')
  .map(asciiBytes)
const US_STATES = 'AZ,CA,ID,OR,WA,WY'.split(',').map(asciiBytes)
const DOT_COM = asciiBytes('.com')

export function personBatch(clock: NexmarkClock, random: Random, start: number, end: number): RecordBatch {
  const rows = clock.count('person', start, end)
  const { seed, avgPersonByteSize } = clock.config
  const ids = new Float64Array(rows)
  const times = new Float64Array(rows)
  const names = new Utf8Builder(rows, rows * 14)
  const emails = new Utf8Builder(rows, rows * 16)
  const cards = new Utf8Builder(rows, rows * 19)
  const cities = new Utf8Builder(rows, rows * 8)
  const states = new Utf8Builder(rows, rows * 2)
  const extras = new Utf8Builder(rows, rows * avgPersonByteSize)
  const scratch = new Uint8Array(Math.max(256, avgPersonByteSize * 2))
  let row = 0
  forEachEventOf(clock, 'person', start, end, (n) => {
    random.reseed(seed, n)
    ids[row] = clock.lastBase0PersonId(n) + FIRST_PERSON_ID
    times[row] = clock.timestampMs(n) * 1000
    let at = writeBytes(scratch, 0, FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]!)
    scratch[at++] = 32
    at = writeBytes(scratch, at, LAST_NAMES[random.nextInt(LAST_NAMES.length)]!)
    names.appendBytes(scratch, 0, at)
    let size = at
    at = writeNextString(random, scratch, 0, 7)
    scratch[at++] = 64
    at = writeBytes(scratch, writeNextString(random, scratch, at, 5), DOT_COM)
    emails.appendBytes(scratch, 0, at)
    size += at
    at = 0
    for (let group = 0; group < 4; group++) {
      if (group > 0) scratch[at++] = 32
      at = writeDecimal(scratch, at, random.nextInt(10000), 4)
    }
    cards.appendBytes(scratch, 0, at)
    size += at
    const city = US_CITIES[random.nextInt(US_CITIES.length)]!
    cities.appendBytes(city)
    const state = US_STATES[random.nextInt(US_STATES.length)]!
    states.appendBytes(state)
    size += 8 + city.length + state.length
    extras.appendBytes(scratch, 0, writeExactString(random, scratch, 0, extraLength(random, size, avgPersonByteSize)))
    row++
  })
  return makeBatch(
    PERSON_SCHEMA,
    [
      numericColumnOwning(LONG, ids, null),
      names.finish(),
      emails.finish(),
      cards.finish(),
      cities.finish(),
      states.finish(),
      numericColumnOwning(TIMESTAMP, times, null),
      extras.finish(),
    ],
    rows,
  )
}
