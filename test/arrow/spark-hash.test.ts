// sparkHash and partitionIds: Murmur3 x86_32 against its published vectors, and Spark's hash() / HashPartitioning
// against values from Spark's own test suites and docs (and, where Spark publishes none, from Spark-compatible
// engines' tests); SELECT hash(...) in SQL returns the same values.
import { describe, expect, it } from 'vitest'
import { binaryColumn, columnFromValues, partitionIds, sparkHash, stringColumn } from '../../src/arrow/index.js'
import { parseTypeString } from '../../src/types/ddl.js'
import { newSession } from '../support/session.js'

/** The hash of each value of a one-column key of `type` (a DDL type string). */
function hashes(type: string, values: readonly unknown[], seed?: number): number[] {
  const dataType = parseTypeString(type)
  return Array.from(sparkHash([columnFromValues(dataType, values)], [dataType], values.length, seed))
}

/** Murmur3 x86_32 of raw bytes, as an unsigned 32-bit number (how the published vectors print it). */
const murmur3 = (bytes: readonly number[], seed: number) =>
  sparkHash([binaryColumn([new Uint8Array(bytes)])], [parseTypeString('binary')], 1, seed | 0)[0]! >>> 0

describe('Murmur3 x86_32', () => {
  it('matches the published test vectors for whole 4-byte words', () => {
    // Vectors from SMHasher's verification code as collected in the Stack Overflow answer "MurmurHash3 Test
    // Vectors" (https://stackoverflow.com/a/31929528). Spark's hashUnsafeBytes is the standard algorithm for
    // inputs of whole words; its tail (each remaining byte mixed on its own) is checked against Spark below.
    expect(murmur3([], 0)).toBe(0)
    expect(murmur3([], 1)).toBe(0x514e28b7)
    expect(murmur3([], 0xffffffff)).toBe(0x81f16f39)
    expect(murmur3([0xff, 0xff, 0xff, 0xff], 0)).toBe(0x76293b50)
    expect(murmur3([0x21, 0x43, 0x65, 0x87], 0)).toBe(0xf55b516b)
    expect(murmur3([0x21, 0x43, 0x65, 0x87], 0x5082edee)).toBe(0x2362f9de)
    expect(murmur3([0, 0, 0, 0], 0)).toBe(0x2362f9de)
  })

  it("hashes ints and longs as Spark's Murmur3_x86_32.hashInt / hashLong with seed 0", () => {
    // common/unsafe/src/test/java/org/apache/spark/unsafe/hash/Murmur3_x86_32Suite.java (testKnownIntegerInputs,
    // testKnownLongInputs).
    expect(hashes('int', [0, -42, 42, -2147483648, 2147483647], 0)).toEqual([
      593689054, -189366624, -1134849565, -1718298732, -1653689534,
    ])
    expect(hashes('bigint', [0, -42, 42], 0)).toEqual([1669671676, -846261623, 1871679806])
  })
})

describe("sparkHash: Spark's hash() with seed 42", () => {
  it('hashes strings by their UTF-8 bytes, with Spark’s tail', () => {
    // HashExpressionsSuite, "SPARK-52828: always collation aware hash expression" (UTF8_BINARY rows).
    expect(hashes('string', ['AAA', 'AAA  ', 'aaa', 'aaa   '])).toEqual([22125783, 399014599, -1689629761, -1721438718])
    // PySpark's docs for functions.hash: hash('ABC') is -757602832.
    expect(hashes('string', ['ABC'])).toEqual([-757602832])
    // Velox's Spark SQL tests (velox/functions/sparksql/tests/HashTest.cpp, String).
    expect(hashes('string', ['Spark', '', 'abcdefghijklmnopqrstuvwxyz', '12345678'])).toEqual([
      228093765, 142593372, -1990933474, 2036199019,
    ])
    expect(hashes('binary', [new TextEncoder().encode('Spark')])).toEqual([228093765])
  })

  it('hashes bytes, shorts, ints, dates and booleans as an int, longs and timestamps as a long', () => {
    // Velox's HashTest.cpp (Int8, Int16, Int32, Int64, Bool, Timestamp: "select hash(Timestamp(...))" in Spark).
    expect(hashes('int', [1, 0, -1, 0xdeadbeef | 0, 0xcafecafe | 0])).toEqual([
      -559580957, 933211791, -1604776387, 141248195, 638354558,
    ])
    expect(hashes('tinyint', [1, 0, -1])).toEqual([-559580957, 933211791, -1604776387])
    expect(hashes('smallint', [1, 0, -1])).toEqual([-559580957, 933211791, -1604776387])
    expect(hashes('boolean', [true, false])).toEqual([-559580957, 933211791])
    expect(hashes('bigint', [1, 0, -1])).toEqual([-1712319331, -1670924195, -939490007])
    const micros = newSession().sql("SELECT hash(TIMESTAMP '1970-01-01 00:00:12.345678') AS h").collect()
    expect(micros).toEqual([{ h: 1402875301 }])
    // HashExpressionsSuite, "SPARK-35113": Murmur3Hash(Seq(dayTime), 10) and Murmur3Hash(Seq(yearMonth), 10) — a
    // day-time interval is a long of microseconds, a year-month interval an int of months.
    expect(hashes('interval day to second', [1237123123 * 1_000_000], 10)).toEqual([-428664612])
    expect(hashes('int', [1234], 10)).toEqual([-686520021])
  })

  it('hashes floats and doubles by their bits, -0.0 as 0.0 and every NaN alike', () => {
    // Velox's HashTest.cpp (Double, Float); HashExpressionsSuite "SPARK-35207" (-0.0 hashes as 0.0).
    expect(hashes('double', [0, -0, 1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual([
      -1670924195, -1670924195, -460888942, -1281358385, 833680482, 461104036,
    ])
    expect(hashes('float', [0, -0, 1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual([
      933211791, 933211791, -466301895, -349261430, 2026854605, 427440766,
    ])
  })

  it('hashes decimals by their unscaled value: a long up to 18 digits, else BigInteger bytes', () => {
    // Apache DataFusion's Spark tests (test_files/spark/hash/hash.slt): 123.45 as DECIMAL(10,2).
    expect(hashes('decimal(10,2)', [123.45])).toEqual([1416086240])
    // Velox's HashTest.cpp (longDecimal): unscaled 12345678, 0 and -12345678 of a wide decimal.
    expect(hashes('decimal(38,0)', [12345678, 0, -12345678])).toEqual([-277285195, -783713497, -1198355617])
  })

  it('leaves the seed for a null, so a null key hashes to 42', () => {
    // Velox's HashTest.cpp (every type: null is 42; StringInt32: ('', null), (null, 0), ('', 0)).
    expect(hashes('int', [null])).toEqual([42])
    expect(hashes('string', [null])).toEqual([42])
    const text = stringColumn(['', null, ''])
    const number = columnFromValues(parseTypeString('int'), [null, 0, 0])
    const types = [parseTypeString('string'), parseTypeString('int')]
    expect(Array.from(sparkHash([text, number], types, 3))).toEqual([142593372, 933211791, 1143746540])
  })

  it('folds several key columns left to right, each hash seeding the next', () => {
    // PySpark's docs for functions.hash: hash('ABC', 'DEF') is 599895104.
    const columns = [stringColumn(['ABC']), stringColumn(['DEF'])]
    expect(Array.from(sparkHash(columns, [parseTypeString('string'), parseTypeString('string')], 1))).toEqual([
      599895104,
    ])
  })

  it('folds arrays element by element, structs field by field and maps key, value, ...', () => {
    // Velox's HashTest.cpp: Array {0, 1}; nested array of bigint {1, 2}; Row (11L, 1L), (12L, 2L); Map {1: 1}.
    expect(hashes('array<int>', [[0, 1]])).toEqual([-1834803471])
    expect(hashes('array<bigint>', [[1, 2]])).toEqual([-1181176833])
    expect(
      hashes('struct<a: bigint, b: bigint>', [
        { a: 11, b: 1 },
        { a: 12, b: 2 },
      ]).map((h) => h >>> 0),
    ).toEqual([3565597558, 78809581])
    expect(hashes('map<int, int>', [new Map([[1, 1]])])).toEqual([245521047])
    // Spark skips nulls wherever they are: a null element, field or struct leaves the running hash as it is.
    expect(hashes('array<int>', [[0, null, 1], null, []])).toEqual([-1834803471, 42, 42])
    expect(hashes('struct<a: bigint, b: bigint>', [{ a: 11, b: null }, null])).toEqual(hashes('bigint', [11, null]))
  })

  it('gives every row of a column the hash it has on its own, nulls and nested values included', () => {
    const type = 'struct<k: bigint, xs: array<array<string>>, m: map<string, double>>'
    const rows = Array.from({ length: 300 }, (_, i) =>
      i % 7 === 0
        ? null
        : {
            k: i % 5 === 0 ? null : i * 1_000_003 - 2 ** 40,
            xs:
              i % 3 === 0 ? null : Array.from({ length: i % 4 }, (_, j) => (j === 1 ? null : [`r${i}`, null, `${j}`])),
            m: new Map(Array.from({ length: i % 3 }, (_, j) => [`k${j}`, j === 1 ? null : i / 7])),
          },
    )
    expect(hashes(type, rows)).toEqual(rows.map((row) => hashes(type, [row])[0]))
  })
})

describe('partitionIds', () => {
  it("places a row at Spark's pmod(hash, n), never negative", () => {
    const h = new Int32Array([-1, -7, 7, 0, -2147483648, 2147483647])
    expect(Array.from(partitionIds(h, 5))).toEqual([4, 3, 2, 0, 2, 2])
    expect(Array.from(partitionIds(h, 4))).toEqual([3, 1, 3, 0, 0, 3])
    expect(Array.from(partitionIds(h, 1))).toEqual([0, 0, 0, 0, 0, 0])
    // hash('ABC') = -757602832 (PySpark's docs): -757602832 % 200 is -32, so the row goes to 168 of 200.
    expect(Array.from(partitionIds(sparkHash([stringColumn(['ABC'])], [parseTypeString('string')], 1), 200))).toEqual([
      168,
    ])
  })

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionIds(new Int32Array(1), 0)).toThrow('The number of partitions must be a positive integer')
    expect(() => partitionIds(new Int32Array(1), 2.5)).toThrow('got 2.5')
  })
})

describe('SELECT hash(...)', () => {
  it("returns Spark's values", () => {
    const spark = newSession()
    const [row] = spark
      .sql(
        `SELECT hash(1) AS int, hash(1L) AS long, hash(1.0D) AS double, hash(NULL) AS null, hash('ABC') AS string,
          hash('ABC', 'DEF') AS columns, hash('Spark', array(123), 2) AS docs, hash(CAST(123.45 AS DECIMAL(10,2))) AS dec,
          hash(DATE '2023-01-01') AS date, hash(CAST('NaN' AS DOUBLE)) AS nan, hash(-0.0D) AS negative_zero`,
      )
      .collect()
    expect(row).toEqual({
      int: -559580957,
      long: -1712319331,
      double: -460888942,
      null: 42,
      string: -757602832,
      columns: 599895104,
      // Spark's SQL function docs: SELECT hash('Spark', array(123), 2) is -1321691492.
      docs: -1321691492,
      dec: 1416086240,
      // DataFusion's Spark tests: a DATE is its day number (19358) hashed as an int.
      date: -69933992,
      nan: -1281358385,
      negative_zero: -1670924195,
    })
  })

  it('hashes a column of many rows as each row alone', () => {
    const spark = newSession()
    const df = spark.createDataFrame(
      [
        { k: 'ABC', n: 1 },
        { k: null, n: null },
        { k: 'Spark', n: 0 },
      ],
      'k STRING, n BIGINT',
    )
    df.createOrReplaceTempView('t')
    expect(spark.sql('SELECT hash(k) AS hk, hash(k, n) AS hkn FROM t').collect()).toEqual([
      { hk: -757602832, hkn: hashes('bigint', [1], -757602832)[0] },
      { hk: 42, hkn: 42 },
      { hk: 228093765, hkn: hashes('bigint', [0], 228093765)[0] },
    ])
  })
})
