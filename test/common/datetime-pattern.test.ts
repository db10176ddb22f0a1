// Parsing with Spark datetime patterns: optional sections, variable-width fractions and years, zone names, and
// fields given twice. Expected values: Spark's golden file timestamp.sql.out (to_timestamp with these patterns,
// session time zone America/Los_Angeles).
import { describe, expect, it } from 'vitest'
import { formatWithPattern, parseWithPattern } from '../../src/common/datetime-pattern.js'
import { formatTimestamp } from '../../src/common/time.js'

const zone = 'America/Los_Angeles'
const parsed = (text: string, pattern: string) => {
  const micros = parseWithPattern(text, pattern, zone)
  return micros === null ? null : formatTimestamp(micros, zone)
}

describe('parseWithPattern', () => {
  it('reads an optional section when it is there and skips it when not', () => {
    expect(parsed('2019-10-06 10:11:12', 'yyyy-MM-dd HH:mm:ss[.SSSSSS]')).toBe('2019-10-06 10:11:12')
    expect(parsed('2019-10-06 10:11', 'yyyy-MM-dd HH:mm[:ss.SSSSSS]')).toBe('2019-10-06 10:11:00')
    expect(parsed('2019-10-06 10:11:12.1234', 'yyyy-MM-dd HH:mm:ss.[SSSSSS]')).toBe('2019-10-06 10:11:12.1234')
    expect(parsed('2019-10-06 10:11:12.0', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')).toBe('2019-10-06 10:11:12')
  })

  it('reads zone names, three-letter ones as java.time.ZoneId.SHORT_IDS does', () => {
    expect(parsed('2019-10-06 10:11:12.123UTC', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')).toBe('2019-10-06 03:11:12.123')
    expect(parsed('2019-10-06 10:11:12.12345CST', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')).toBe('2019-10-06 08:11:12.12345')
  })

  it('is NULL for a zone name no zone has (java.time cannot parse it), never a RangeError', () => {
    expect(parsed('2019-10-06 10:11:12.123456T', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')).toBeNull()
    expect(parsed('2019-10-06 10:11:12 Foo', 'yyyy-MM-dd HH:mm:ss z')).toBeNull()
  })

  it('takes a fraction of up to the pattern width and a one-letter year of any width', () => {
    expect(parsed('12.1234019-10-06S10:11', "ss.SSSSy-MM-dd'S'HH:mm")).toBe('0019-10-06 10:11:12.1234')
  })

  it('is NULL when a field is given twice with different values', () => {
    expect(parsed('223456 2019-10-06 10:11:12.123456PST', 'SSSSSS yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')).toBeNull()
  })

  it('prints the content of optional sections when formatting', () => {
    expect(formatWithPattern(0, "yyyy-MM-dd['T'HH:mm]", 'UTC')).toBe('1970-01-01T00:00')
  })
})
