// Redis stream entry ids: parsing, order past 2^53, and the id just before another.
import { describe, expect, it } from 'vitest'
import { IllegalArgumentException } from '../../../src/common/errors.js'
import { compareIds, entryId, parseEntryId, previousId } from '../../../src/connectors/redis/redis-ids.js'

describe('Redis entry ids', () => {
  it('parses complete ids, and a bare millisecond time as its first id', () => {
    expect(parseEntryId('1700000000000-3')).toBe('1700000000000-3')
    expect(parseEntryId(' 1700000000000 ')).toBe('1700000000000-0')
    expect(parseEntryId('18446744073709551615-18446744073709551615')).toBe('18446744073709551615-18446744073709551615')
    for (const bad of ['', '-1', '1-', 'a-1', '1-2-3', '18446744073709551616-0', '$', '*']) {
      expect(parseEntryId(bad), bad).toBeUndefined()
    }
    expect(() => entryId('x', "option 'startingOffsets'")).toThrow(
      new IllegalArgumentException(
        "Invalid Redis stream entry id 'x' in option 'startingOffsets': expected <ms>-<seq>",
      ),
    )
  })

  it('orders ids by milliseconds, then sequence, exactly beyond 2^53', () => {
    expect(compareIds('2-0', '10-0')).toBeLessThan(0)
    expect(compareIds('5-10', '5-9')).toBeGreaterThan(0)
    expect(compareIds('7-7', '7-7')).toBe(0)
    expect(compareIds('9007199254740993-0', '9007199254740992-0')).toBeGreaterThan(0)
  })

  it('finds the id just before another', () => {
    expect(previousId('5-3')).toBe('5-2')
    expect(previousId('5-0')).toBe('4-18446744073709551615')
    expect(previousId('0-0')).toBe('0-0')
  })
})
