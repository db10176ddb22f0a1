// Arrays, maps and structs against Spark 3.5: construction, element access, containment, size, explode, names.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  array,
  array_contains,
  array_distinct,
  array_join,
  col,
  concat,
  create_map,
  element_at,
  explode,
  explode_outer,
  flatten,
  lit,
  map_keys,
  map_values,
  posexplode,
  posexplode_outer,
  reverse,
  SparkRuntimeException,
  size,
  slice,
  sort_array,
  struct,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const df = spark.createDataFrame(
  [
    { id: 1, a: [1, 2, 3], m: { x: 1, y: null }, s: { p: 'u', q: 7 } },
    { id: 2, a: [], m: {}, s: { p: null, q: null } },
    { id: 3, a: [4, null], m: { z: 9 }, s: null },
    { id: 4, a: null, m: null, s: { p: 'w', q: 0 } },
  ],
  'id INT, a ARRAY<INT>, m MAP<STRING, INT>, s STRUCT<p: STRING, q: INT>',
)

describe('generated column names', () => {
  it('print constructors, accessors and collection functions', () => {
    expect(nameOf(df, array('id', lit(2)))).toBe('array(id, 2)')
    expect(nameOf(df, struct('id', 'a'))).toBe('struct(id, a)')
    expect(nameOf(df, size('a'))).toBe('size(a)')
    expect(nameOf(df, array_contains('a', 1))).toBe('array_contains(a, 1)')
    expect(nameOf(df, element_at('a', 1))).toBe('element_at(a, 1)')
    expect(nameOf(df, col('a').getItem(0))).toBe('a[0]')
    expect(nameOf(df, col('m').getItem('x'))).toBe('m[x]')
    expect(nameOf(df, col('s').getField('p'))).toBe('s.p')
    expect(nameOf(df, col('s.p'))).toBe('p')
    expect(nameOf(df, map_keys('m'))).toBe('map_keys(m)')
    expect(nameOf(df, map_values('m'))).toBe('map_values(m)')
  })

  it('name generator outputs col, pos, key and value', () => {
    expect(df.select(explode('a')).columns).toEqual(['col'])
    expect(df.select(posexplode('a')).columns).toEqual(['pos', 'col'])
    expect(df.select(explode('m')).columns).toEqual(['key', 'value'])
    expect(df.select('id', explode('a').alias('v')).columns).toEqual(['id', 'v'])
  })
})

describe('array() and struct()', () => {
  it('array widens its elements to a common type', () => {
    expect(typeOf(df, array('id', lit(2.5)))).toBe('array<double>')
    expect(valuesOf(df.limit(1), array('id', lit(2.5)))).toEqual([[1, 2.5]])
    expect(typeOf(df, array('id', lit('x')))).toBe('array<string>')
    expect(valuesOf(df.limit(1), array('id', lit('x')))).toEqual([['1', 'x']])
    expect(valuesOf(df.limit(1), array(lit(null), 'id'))).toEqual([[null, 1]])
  })

  it('array() without arguments is an empty array of NULL type', () => {
    expect(typeOf(one, array())).toBe('array<void>')
    expect(valuesOf(one, array())).toEqual([[]])
  })

  it('struct names its fields after columns, aliases, or colN', () => {
    const st = struct('id', lit(5), col('id').plus(1).alias('next'), col('id').plus(2))
    expect(typeOf(df, st)).toBe('struct<id:int,col2:int,next:int,col4:int>')
    expect(valuesOf(df.limit(1), st)).toEqual([{ id: 1, col2: 5, next: 2, col4: 3 }])
  })
})

describe('element access', () => {
  it('getItem is 0-based; out-of-range and negative indexes are NULL', () => {
    expect(valuesOf(df, col('a').getItem(0))).toEqual([1, null, 4, null])
    expect(valuesOf(df, col('a').getItem(2))).toEqual([3, null, null, null])
    expect(valuesOf(df, col('a').getItem(-1))).toEqual([null, null, null, null])
  })

  it('element_at is 1-based and counts negative indexes from the end', () => {
    expect(valuesOf(df, element_at('a', 1))).toEqual([1, null, 4, null])
    expect(valuesOf(df, element_at('a', -1))).toEqual([3, null, null, null])
    expect(valuesOf(df, element_at('a', 5))).toEqual([null, null, null, null])
  })

  it('element_at with index 0 fails at run time', () => {
    expect(() => df.select(element_at('a', 0)).collect()).toThrow(SparkRuntimeException)
    expect(() => df.select(element_at('a', 0)).collect()).toThrow(
      '[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).',
    )
  })

  it('map lookups by key; a missing key is NULL', () => {
    expect(valuesOf(df, col('m').getItem('x'))).toEqual([1, null, null, null])
    expect(valuesOf(df, element_at('m', 'z'))).toEqual([null, null, 9, null])
    expect(valuesOf(df, col('m').getItem('y'))).toEqual([null, null, null, null])
  })

  it('struct fields by name; a NULL struct gives NULL fields', () => {
    expect(valuesOf(df, col('s').getField('p'))).toEqual(['u', null, null, 'w'])
    expect(valuesOf(df, col('s.q'))).toEqual([7, null, null, 0])
    expect(valuesOf(df, col('s').getItem('q'))).toEqual([7, null, null, 0])
  })

  it('getField reaches into the structs of an array', () => {
    const nested = spark.createDataFrame(
      [{ xs: [{ k: 'a' }, { k: 'b' }] }, { xs: null }],
      'xs ARRAY<STRUCT<k: STRING>>',
    )
    expect(nameOf(nested, col('xs').getField('k'))).toBe('xs.k')
    expect(valuesOf(nested, col('xs').getField('k'))).toEqual([['a', 'b'], null])
  })

  it('rejects extraction from a non-complex value', () => {
    expect(() => df.select(col('id').getItem(0))).toThrow(AnalysisException)
    expect(() => df.select(col('id').getItem(0))).toThrow(
      '[INVALID_EXTRACT_BASE_FIELD_TYPE] Can\'t extract a value from "id". Need a complex type [STRUCT, ARRAY, MAP] but got "INT".',
    )
    expect(() => df.select(col('id').getField('x'))).toThrow(
      '[INVALID_EXTRACT_BASE_FIELD_TYPE] Can\'t extract a value from "id". Need a complex type [STRUCT, ARRAY, MAP] but got "INT".',
    )
  })

  it('requires an integral array index', () => {
    const dated = spark.createDataFrame([{ a: [1], d: new Date(0) }], 'a ARRAY<INT>, d DATE')
    expect(() => dated.select(col('a').getItem(col('d')))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "a[d]" due to data type mismatch: ' +
        'Parameter 2 requires the "INTEGRAL" type, however "d" has the type "DATE".',
    )
  })

  it('reports a missing struct field', () => {
    expect(() => df.select(col('s').getField('z'))).toThrow('[FIELD_NOT_FOUND] No such struct field `z` in `p`, `q`.')
  })
})

describe('size and array_contains', () => {
  it('size counts elements and entries; NULL is -1', () => {
    expect(typeOf(df, size('a'))).toBe('int')
    expect(valuesOf(df, size('a'))).toEqual([3, 0, 2, -1])
    expect(valuesOf(df, size('m'))).toEqual([2, 0, 1, -1])
  })

  it('array_contains is NULL for a NULL array or value, and when only a NULL element could match', () => {
    expect(valuesOf(df, array_contains('a', 2))).toEqual([true, false, null, null])
    expect(valuesOf(df, array_contains('a', 4))).toEqual([false, false, true, null])
    expect(valuesOf(df, array_contains('a', lit(null).cast('int')))).toEqual([null, null, null, null])
  })

  it('array_contains rejects an untyped NULL value', () => {
    expect(() => df.select(array_contains('a', lit(null)))).toThrow(
      '[DATATYPE_MISMATCH.NULL_TYPE] Cannot resolve "array_contains(a, NULL)" due to data type mismatch: ' +
        'Null typed values cannot be used as arguments of `array_contains`.',
    )
  })

  it('array_contains compares in the wider of the element and value types', () => {
    expect(valuesOf(df, array_contains('a', 1.5))).toEqual([false, false, null, null])
    expect(valuesOf(df, array_contains('a', 1.0))).toEqual([true, false, null, null])
  })

  it('array_contains rejects a value of another kind', () => {
    const strings = spark.createDataFrame([{ xs: ['1'] }], 'xs ARRAY<STRING>')
    expect(() => strings.select(array_contains('xs', 1))).toThrow(
      '[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve "array_contains(xs, 1)" due to data type mismatch: ' +
        'Input to `array_contains` should have been "ARRAY" followed by a value with same element type, but it\'s ["ARRAY<STRING>", "INT"].',
    )
  })

  it('size of a non-collection names both accepted types', () => {
    expect(() => df.select(size('id'))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "size(id)" due to data type mismatch: ' +
        'Parameter 1 requires the ("ARRAY" or "MAP") type, however "id" has the type "INT".',
    )
  })
})

describe('map_keys and map_values', () => {
  it('return the keys and values in entry order', () => {
    expect(valuesOf(df, map_keys('m'))).toEqual([['x', 'y'], [], ['z'], null])
    expect(valuesOf(df, map_values('m'))).toEqual([[1, null], [], [9], null])
  })
})

describe('explode family', () => {
  it('explode drops NULL and empty arrays; explode_outer keeps them as NULL', () => {
    expect(df.select('id', explode('a')).collect()).toEqual([
      { id: 1, col: 1 },
      { id: 1, col: 2 },
      { id: 1, col: 3 },
      { id: 3, col: 4 },
      { id: 3, col: null },
    ])
    expect(df.select('id', explode_outer('a')).collect()).toEqual([
      { id: 1, col: 1 },
      { id: 1, col: 2 },
      { id: 1, col: 3 },
      { id: 2, col: null },
      { id: 3, col: 4 },
      { id: 3, col: null },
      { id: 4, col: null },
    ])
  })

  it('posexplode numbers elements from 0', () => {
    expect(df.select('id', posexplode('a')).collect()).toEqual([
      { id: 1, pos: 0, col: 1 },
      { id: 1, pos: 1, col: 2 },
      { id: 1, pos: 2, col: 3 },
      { id: 3, pos: 0, col: 4 },
      { id: 3, pos: 1, col: null },
    ])
    expect(df.where(col('id').geq(3)).select('id', posexplode_outer('a')).collect()).toEqual([
      { id: 3, pos: 0, col: 4 },
      { id: 3, pos: 1, col: null },
      { id: 4, pos: null, col: null },
    ])
  })

  it('explode of a map yields key and value', () => {
    expect(df.select('id', explode('m')).collect()).toEqual([
      { id: 1, key: 'x', value: 1 },
      { id: 1, key: 'y', value: null },
      { id: 3, key: 'z', value: 9 },
    ])
  })
})

describe('array functions', () => {
  const arrays = spark.createDataFrame(
    [
      { xs: [3, null, 1, 3, 2], words: ['b', null, 'a'] },
      { xs: [], words: [] },
      { xs: null, words: null },
    ],
    'xs ARRAY<INT>, words ARRAY<STRING>',
  )

  it('names', () => {
    expect(nameOf(arrays, sort_array('xs'))).toBe('sort_array(xs, true)')
    expect(nameOf(arrays, array_distinct('xs'))).toBe('array_distinct(xs)')
    expect(nameOf(arrays, slice('xs', 2, 2))).toBe('slice(xs, 2, 2)')
    expect(nameOf(arrays, array_join('words', ','))).toBe('array_join(words, ,)')
    expect(nameOf(arrays, array_join('words', ',', '?'))).toBe('array_join(words, ,, ?)')
    expect(nameOf(arrays, flatten(array('xs', 'xs')))).toBe('flatten(array(xs, xs))')
    expect(nameOf(arrays, create_map(lit('k'), 'xs'))).toBe('map(k, xs)')
  })

  it('sort_array puts NULLs first ascending and last descending', () => {
    expect(valuesOf(arrays, sort_array('xs'))).toEqual([[null, 1, 2, 3, 3], [], null])
    expect(valuesOf(arrays, sort_array('xs', false))).toEqual([[3, 3, 2, 1, null], [], null])
    expect(valuesOf(arrays, sort_array('words'))).toEqual([[null, 'a', 'b'], [], null])
    const doubles = spark.createDataFrame([{ d: [Number.NaN, 1, Number.NEGATIVE_INFINITY] }], 'd ARRAY<DOUBLE>')
    expect(valuesOf(doubles, sort_array('d'))).toEqual([[Number.NEGATIVE_INFINITY, 1, Number.NaN]])
  })

  it('array_distinct keeps first occurrences and one NULL', () => {
    expect(valuesOf(arrays, array_distinct('xs'))).toEqual([[3, null, 1, 2], [], null])
    const doubles = spark.createDataFrame([{ d: [Number.NaN, 1, Number.NaN] }], 'd ARRAY<DOUBLE>')
    expect(valuesOf(doubles, array_distinct('d'))).toEqual([[Number.NaN, 1]])
  })

  it('slice takes from a 1-based start, or counts back from the end', () => {
    expect(valuesOf(arrays, slice('xs', 2, 2))).toEqual([[null, 1], [], null])
    expect(valuesOf(arrays, slice('xs', -2, 5))).toEqual([[3, 2], [], null])
    expect(valuesOf(arrays, slice('xs', 10, 2))).toEqual([[], [], null])
    expect(() => arrays.select(slice('xs', 0, 1)).collect()).toThrow(SparkRuntimeException)
  })

  it('array_join skips NULLs unless given a replacement, and casts elements to strings', () => {
    expect(valuesOf(arrays, array_join('words', ','))).toEqual(['b,a', '', null])
    expect(valuesOf(arrays, array_join('words', '-', '?'))).toEqual(['b-?-a', '', null])
    expect(valuesOf(arrays, array_join('xs', '+'))).toEqual(['3+1+3+2', '', null])
  })

  it('flatten concatenates inner arrays and is NULL when one is NULL', () => {
    expect(valuesOf(arrays, flatten(array('xs', 'xs')))).toEqual([[3, null, 1, 3, 2, 3, null, 1, 3, 2], [], null])
  })

  it('create_map pairs keys with values; a duplicate key fails', () => {
    expect(typeOf(arrays, create_map(lit('a'), lit(1), lit('b'), lit(2.5)))).toBe('map<string,double>')
    expect(valuesOf(arrays.limit(1), create_map(lit('a'), lit(1), lit('b'), lit(2)))).toEqual([
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    ])
    expect(() => arrays.select(create_map(lit('a'), lit(1), lit('a'), lit(2))).collect()).toThrow(
      '[DUPLICATED_MAP_KEY] Duplicate map key a was found',
    )
  })
})

describe('concat and reverse of arrays', () => {
  const arrays = spark.createDataFrame(
    [
      { xs: [1, 2], ys: [3], ds: [0.5] },
      { xs: null, ys: [4], ds: [] },
    ],
    'xs ARRAY<INT>, ys ARRAY<INT>, ds ARRAY<DOUBLE>',
  )

  it('concat joins arrays, widening the element type, NULL when any is NULL', () => {
    expect(nameOf(arrays, concat('xs', 'ys'))).toBe('concat(xs, ys)')
    expect(typeOf(arrays, concat('xs', 'ys'))).toBe('array<int>')
    expect(valuesOf(arrays, concat('xs', 'ys'))).toEqual([[1, 2, 3], null])
    expect(typeOf(arrays, concat('ys', 'ds'))).toBe('array<double>')
    expect(valuesOf(arrays, concat('ys', 'ds'))).toEqual([[3, 0.5], [4]])
  })

  it('reverse reverses the elements', () => {
    expect(valuesOf(arrays, reverse('xs'))).toEqual([[2, 1], null])
  })
})
