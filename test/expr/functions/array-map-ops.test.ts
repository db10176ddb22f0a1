// Array and map functions against Spark's function docs and array.sql.out / map.sql.out.
import { describe, expect, it } from 'vitest'
import {
  array_append,
  array_compact,
  array_except,
  array_insert,
  array_intersect,
  array_max,
  array_min,
  array_position,
  array_prepend,
  array_remove,
  array_repeat,
  array_size,
  array_union,
  arrays_overlap,
  arrays_zip,
  cardinality,
  get,
  lit,
  map_concat,
  map_contains_key,
  map_entries,
  map_from_arrays,
  map_from_entries,
  SparkRuntimeException,
  str_to_map,
  try_element_at,
} from '../../../src/index.js'
import { typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const arrays = spark.createDataFrame(
  [
    { a: [1, 2, 3, null, 3], b: [3, 4] },
    { a: [], b: [1] },
    { a: null, b: [2] },
  ],
  'a ARRAY<INT>, b ARRAY<INT>',
)
const sql = (text: string) => spark.sql(text).collect()[0]

describe('reading arrays', () => {
  it('array_size, cardinality and get (NULL-safe, 0-based, never failing)', () => {
    expect(valuesOf(arrays, array_size('a'))).toEqual([5, 0, null])
    expect(valuesOf(arrays, cardinality('a'))).toEqual([5, 0, -1])
    expect(valuesOf(arrays, get('a', 0))).toEqual([1, null, null])
    expect(valuesOf(arrays, get('a', 9))).toEqual([null, null, null])
  })

  it('array_max, array_min and array_position skip NULL elements', () => {
    expect(valuesOf(arrays, array_max('a'))).toEqual([3, null, null])
    expect(valuesOf(arrays, array_min('a'))).toEqual([1, null, null])
    expect(valuesOf(arrays, array_position('a', 3))).toEqual([3, 0, null])
    expect(typeOf(arrays, array_position('a', 3))).toBe('bigint')
  })

  it('try_element_at is element_at: 1-based, negative from the end, NULL out of range (try_element_at.sql.out)', () => {
    expect(valuesOf(arrays, try_element_at('a', lit(-1)))).toEqual([3, null, null])
    expect(sql("SELECT try_element_at(map('a', 'b'), 'abc') v")).toEqual({ v: null })
  })
})

describe('rewriting arrays', () => {
  it('array_remove, array_compact and array_repeat', () => {
    expect(valuesOf(arrays, array_remove('a', 3))).toEqual([[1, 2, null], [], null])
    expect(valuesOf(arrays, array_compact('a'))).toEqual([[1, 2, 3, 3], [], null])
    expect(valuesOf(arrays.limit(1), array_repeat(lit('ab'), 3))).toEqual([['ab', 'ab', 'ab']])
  })

  it('array_append, array_prepend and array_insert (docs; array.sql.out)', () => {
    expect(valuesOf(arrays, array_append('b', 5))).toEqual([
      [3, 4, 5],
      [1, 5],
      [2, 5],
    ])
    expect(valuesOf(arrays, array_prepend('b', 0))).toEqual([
      [0, 3, 4],
      [0, 1],
      [0, 2],
    ])
    expect(sql('SELECT array_insert(array(1, 2, 3), 3, 4) a, array_insert(array(5, 3, 2, 1), -4, 4) b')).toEqual({
      a: [1, 2, 4, 3],
      b: [5, 4, 3, 2, 1],
    })
    expect(valuesOf(arrays.limit(1), array_insert('b', 4, lit(9)))).toEqual([[3, 4, null, 9]])
    expect(() => spark.sql('SELECT array_insert(array(2, 3, 4), 0, 1)').collect()).toThrow(SparkRuntimeException)
  })

  it("array_insert and array_repeat refuse arrays past Spark's size limit, and a batch past a column's", () => {
    // Spark's ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH is 2147483632; position 2147483647 means that many elements,
    // and so does -2147483647 (a negative position past the start pads to |pos| elements).
    for (const pos of [2147483647, -2147483647]) {
      expect(() => spark.sql(`SELECT array_insert(array(1), ${pos}, 2)`).collect()).toThrow(
        "[COLLECTION_SIZE_LIMIT_EXCEEDED.FUNCTION] Can't create array with 2147483647 elements which exceeding the array size limit 2147483632, unsuccessful try to create arrays in the function `array_insert`.",
      )
    }
    expect(() => spark.sql('SELECT array_repeat(1, 2147483633)').collect()).toThrow(
      "[COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER] Can't create array with 2147483633 elements which exceeding the array size limit 2147483632, the value of parameter(s) `count` in the function `array_repeat` is invalid.",
    )
    // Each row is within Spark's limit, but two of them need more elements than Arrow's 32-bit offsets address.
    expect(() =>
      spark.sql('SELECT array_repeat(1, c) FROM VALUES (2000000000), (2000000000) AS t(c)').collect(),
    ).toThrow(
      'The result of array_repeat needs 4000000000 elements, more than an array column of one batch holds (2147483647).',
    )
    const padded = sql(
      'SELECT size(array_insert(array(1), 100000, 2)) n, array_insert(array(1), 100000, 2)[99999] last',
    )
    expect(padded).toEqual({ n: 100000, last: 2 })
  })

  it('array_union, array_intersect and array_except keep first occurrences (docs)', () => {
    const row = sql(
      'SELECT array_union(array(1, 2, 3), array(1, 3, 5)) u, array_intersect(array(1, 2, 3), array(1, 3, 5)) i, ' +
        'array_except(array(1, 2, 3), array(1, 3, 5)) e',
    )
    expect(row).toEqual({ u: [1, 2, 3, 5], i: [1, 3], e: [2] })
    expect(valuesOf(arrays, array_union('a', 'b'))).toEqual([[1, 2, 3, null, 4], [1], null])
    expect(valuesOf(arrays, array_intersect('a', 'b'))).toEqual([[3], [], null])
    expect(valuesOf(arrays, array_except('a', 'b'))).toEqual([[1, 2, null], [], null])
  })

  it('arrays_overlap is NULL when only a NULL element could match', () => {
    expect(valuesOf(arrays, arrays_overlap('a', 'b'))).toEqual([true, false, null])
    expect(sql('SELECT arrays_overlap(array(1, null), array(3)) a, arrays_overlap(array(1), array(3)) b')).toEqual({
      a: null,
      b: false,
    })
  })

  it('arrays_zip pairs elements by position, NULLs for the shorter (array.sql.out)', () => {
    expect(valuesOf(arrays, arrays_zip('a', 'b'))[1]).toEqual([{ a: null, b: 1 }])
    expect(sql('SELECT size(arrays_zip(array(1, 2, 3), array(4), array(7, 8, 9, 10))) s')).toEqual({ s: 4 })
    expect(sql('SELECT size(arrays_zip(array(1, 2, 3), array(4), null, array(7, 8, 9, 10))) s')).toEqual({ s: -1 })
  })
})

describe('maps', () => {
  const maps = spark.sql("SELECT map(1, 'a', 2, 'b') m, map(3, 'c') n")

  it('map_concat joins entries and rejects a repeated key (map.sql.out)', () => {
    expect(valuesOf(maps, map_concat('m', 'n'))).toEqual([
      new Map([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]),
    ])
    expect(sql('SELECT map_concat() m')).toEqual({ m: new Map() })
    expect(() => maps.select(map_concat('m', 'm')).collect()).toThrow(/DUPLICATED_MAP_KEY/)
  })

  it('map_contains_key widens the key (map.sql.out: map(1, a) contains 1.0)', () => {
    expect(valuesOf(maps, map_contains_key('m', 1))).toEqual([true])
    expect(sql("SELECT map_contains_key(map(1, 'a', 2, 'b'), 1.0) v")).toEqual({ v: true })
    expect(() => spark.sql("SELECT map_contains_key(map('1', 'a'), 1)")).toThrow(/MAP_FUNCTION_DIFF_TYPES/)
  })

  it('map_entries, map_from_arrays and map_from_entries (docs)', () => {
    expect(valuesOf(maps, map_entries('m'))).toEqual([
      [
        { key: 1, value: 'a' },
        { key: 2, value: 'b' },
      ],
    ])
    const arraysOfPairs = spark.sql("SELECT array(1, 3) k, array('2', '4') v, array(struct(1, 'a'), struct(2, 'b')) e")
    expect(valuesOf(arraysOfPairs, map_from_arrays('k', 'v'))).toEqual([
      new Map([
        [1, '2'],
        [3, '4'],
      ]),
    ])
    expect(valuesOf(arraysOfPairs, map_from_entries('e'))).toEqual([
      new Map([
        [1, 'a'],
        [2, 'b'],
      ]),
    ])
  })

  it('str_to_map splits pairs and keys with regexes; a key without a value maps to NULL (docs)', () => {
    expect(sql("SELECT str_to_map('a:1,b:2,c:3', ',', ':') m")).toEqual({
      m: new Map([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]),
    })
    expect(valuesOf(maps, str_to_map(lit('a')))).toEqual([new Map([['a', null]])])
  })

  it('a NULL literal stands for an array or map of VOID, and a NULL sort direction gives NULL (array.sql.out)', () => {
    expect(sql('SELECT array_size(NULL) n, map_keys(NULL) k')).toEqual({ n: null, k: null })
    expect(sql("SELECT sort_array(array('b', 'd'), CAST(NULL AS boolean)) s")).toEqual({ s: null })
  })
})
