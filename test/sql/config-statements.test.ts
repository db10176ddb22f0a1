// SET, RESET and SET TIME ZONE as SQL statements: Spark's (key, value) rows and their effect on spark.conf.
import { describe, expect, it } from 'vitest'
import { AnalysisException, ParseException } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const rows = (sql: string) => spark.sql(sql).collect()

describe('SET', () => {
  it('SET key=value sets the setting and returns it as (key, value) with Spark’s schema', () => {
    const df = spark.sql('SET spark.sql.shuffle.partitions = 7')
    expect(df.schema.simpleString()).toBe('struct<key:string,value:string>')
    expect(df.collect()).toEqual([{ key: 'spark.sql.shuffle.partitions', value: '7' }])
    expect(spark.conf.get('spark.sql.shuffle.partitions')).toBe('7')
    expect(rows('SET my.key=a')).toEqual([{ key: 'my.key', value: 'a' }])
    expect(rows('SET my.other=  some value  ;')).toEqual([{ key: 'my.other', value: 'some value' }])
  })

  it('SET key shows one value (<undefined> when it has none); SET lists the settings in key order', () => {
    expect(rows('set spark.sql.shuffle.partitions')).toEqual([{ key: 'spark.sql.shuffle.partitions', value: '7' }])
    expect(rows('SET no.such.key')).toEqual([{ key: 'no.such.key', value: '<undefined>' }])
    const keys = rows('SET').map((r) => r.key as string)
    expect(keys).toEqual([...keys].sort())
    expect(keys).toEqual(expect.arrayContaining(['my.key', 'my.other', 'spark.sql.shuffle.partitions']))
  })

  it('bad syntax is Spark’s INVALID_SET_SYNTAX; a core setting cannot be changed', () => {
    expect(() => spark.sql('SET a b = c')).toThrow(ParseException)
    expect(() => spark.sql('SET a b = c')).toThrow('[INVALID_SET_SYNTAX]')
    expect(() => spark.sql('SET spark.master=local[1]')).toThrow(AnalysisException)
    expect(() => spark.sql('SET spark.master=local[1]')).toThrow('[CANNOT_MODIFY_CONFIG]')
  })
})

describe('RESET', () => {
  it('RESET key and RESET restore what SET changed, and return no rows', () => {
    const before = spark.conf.get('spark.sql.session.timeZone')
    spark.sql("SET TIME ZONE 'Asia/Hong_Kong'")
    expect(spark.sql('RESET spark.sql.shuffle.partitions').collect()).toEqual([])
    expect(spark.conf.get('spark.sql.shuffle.partitions')).toBe('4')
    expect(spark.sql('RESET').columns).toEqual([])
    expect(spark.conf.get('spark.sql.session.timeZone')).toBe(before)
    expect(rows('SET my.key')).toEqual([{ key: 'my.key', value: '<undefined>' }])
  })
})

describe('SET TIME ZONE', () => {
  it('a zone name, LOCAL, or an interval as a ±hh:mm[:ss] offset', () => {
    expect(rows("SET TIME ZONE 'America/Los_Angeles'")).toEqual([
      { key: 'spark.sql.session.timeZone', value: 'America/Los_Angeles' },
    ])
    // The session reads times in the new zone: midnight UTC is 16:00 the day before in Los Angeles.
    expect(rows("SELECT hour(TIMESTAMP '2024-01-01 00:00:00Z') AS h")).toEqual([{ h: 16 }])
    // The offset is Spark's ZoneOffset id; whether the session can then use it depends on the runtime's Intl (fixed
    // offsets arrived after Node 20), and where it cannot, the setting is refused with the offset in the message.
    const offsetOf = (sql: string) => {
      try {
        return rows(sql)[0]!.value
      } catch (error) {
        return /The value '([^']+)' in the config/.exec((error as Error).message)?.[1]
      }
    }
    expect(offsetOf('SET TIME ZONE INTERVAL 10 HOURS')).toBe('+10:00')
    expect(offsetOf("SET TIME ZONE INTERVAL '-05:30' HOUR TO MINUTE")).toBe('-05:30')
    expect(offsetOf("SET TIME ZONE INTERVAL '15:40:32' HOUR TO SECOND")).toBe('+15:40:32')
    expect(rows('SET TIME ZONE LOCAL')[0]!.value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone)
    spark.sql('RESET')
  })

  it('out of range, below a second, or not a zone: Spark’s errors', () => {
    expect(() => spark.sql('SET TIME ZONE INTERVAL 19 HOURS')).toThrow(
      'The interval value must be in the range of [-18, +18] hours with second precision.',
    )
    expect(() => spark.sql('SET TIME ZONE INTERVAL 10 HOURS 1 MILLISECOND')).toThrow(ParseException)
    expect(() => spark.sql('SET TIME ZONE')).toThrow('Invalid time zone displacement value.')
    expect(() => spark.sql("SET TIME ZONE 'invalid/zone'")).toThrow('INVALID_CONF_VALUE.TIME_ZONE')
  })
})

// Spark's SQLConf converts a value when it is set (ConfigBuilder's intConf/booleanConf and checkValue), so a bad
// value fails at SET or spark.conf.set with INVALID_CONF_VALUE, and the old value stays.
describe('typed settings', () => {
  it('refuse a value of the wrong type, naming the type', () => {
    const spark = newSession()
    expect(() => spark.sql('SET spark.sql.shuffle.partitions=abc')).toThrow(
      `[INVALID_CONF_VALUE.TYPE_MISMATCH] The value 'abc' in the config "spark.sql.shuffle.partitions" is invalid. ` +
        `It should be a/an 'int' value.`,
    )
    expect(() => spark.conf.set('spark.sql.shuffle.partitions', '2147483648')).toThrow("a/an 'int' value")
    expect(() => spark.conf.set('spark.sql.caseSensitive', 'yes')).toThrow("a/an 'boolean' value")
    expect(() => spark.conf.set('rivulet.parallel.minRowCostMicros', 'fast')).toThrow("a/an 'double' value")
    expect(spark.conf.get('spark.sql.shuffle.partitions')).toBe('4')
  })

  it("refuse a value Spark's requirement rules out", () => {
    const spark = newSession()
    expect(() => spark.sql('SET spark.sql.shuffle.partitions=0')).toThrow(
      `[INVALID_CONF_VALUE.REQUIREMENT] The value '0' in the config "spark.sql.shuffle.partitions" is invalid. ` +
        'The value of spark.sql.shuffle.partitions must be positive',
    )
    expect(() => spark.conf.set('spark.sql.streaming.minBatchesToRetain', -1)).toThrow('INVALID_CONF_VALUE.REQUIREMENT')
  })

  it('accept trimmed numbers and booleans in any case, as Scala’s toInt and toBoolean (kept in lower case)', () => {
    const spark = newSession()
    spark.conf.set('spark.sql.shuffle.partitions', ' 8 ')
    spark.conf.set('spark.sql.caseSensitive', 'FALSE')
    spark.conf.set('rivulet.parallel.minRowCostMicros', '2.5')
    expect(spark.sql('SET spark.sql.caseSensitive').collect()).toEqual([
      { key: 'spark.sql.caseSensitive', value: 'false' },
    ])
    expect(spark.conf.get('spark.sql.shuffle.partitions')).toBe('8')
  })

  it('report ANSI mode off and refuse to turn it on: Rivulet answers as Spark without ANSI mode', () => {
    const spark = newSession()
    expect(spark.conf.get('spark.sql.ansi.enabled')).toBe('false')
    spark.conf.set('spark.sql.ansi.enabled', false)
    expect(() => spark.sql('SET spark.sql.ansi.enabled=true')).toThrow('INVALID_CONF_VALUE.REQUIREMENT')
    expect(spark.sql('SELECT 1 / 0 AS q').collect()).toEqual([{ q: null }])
  })

  it('refuse the other value of a setting Rivulet has one behaviour for', () => {
    const spark = newSession()
    expect(() => spark.conf.set('spark.sql.caseSensitive', true)).toThrow('case-insensitively')
    expect(() => spark.sql('SET spark.sql.streaming.stateStore.stateSchemaCheck=false')).toThrow(
      "always checks a restarted query's state schema",
    )
    expect(() => spark.sql('SET spark.sql.mapKeyDedupPolicy=LAST_WIN')).toThrow('fails on a duplicate map key')
    expect(() => spark.conf.set('spark.sql.legacy.negativeIndexInArrayInsert', true)).toThrow('INVALID_CONF_VALUE')
    spark.conf.set('spark.sql.mapKeyDedupPolicy', 'exception')
    expect(spark.conf.get('spark.sql.mapKeyDedupPolicy')).toBe('EXCEPTION')
    spark.conf.set('spark.sql.caseSensitive', 'false')
    spark.conf.set('spark.sql.streaming.stateStore.stateSchemaCheck', 'TRUE')
  })
})
