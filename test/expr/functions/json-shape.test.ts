// json_array_length and json_object_keys against json-functions.sql.out.
import { describe, expect, it } from 'vitest'
import { json_array_length, json_object_keys } from '../../../src/index.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const texts = spark.createDataFrame(
  [
    { j: '[1,2,3,[33,44],{"key":[2,3,4]}]' },
    { j: '{"f1":"abc","f2":{"f3":"a", "f4":"b"}}' },
    { j: '[1,2' },
    { j: null },
  ],
  'j STRING',
)

describe('JSON shapes', () => {
  it('json_array_length counts top-level elements, NULL otherwise', () => {
    expect(valuesOf(texts, json_array_length('j'))).toEqual([5, null, null, null])
  })

  it('json_object_keys lists top-level keys, NULL otherwise', () => {
    expect(valuesOf(texts, json_object_keys('j'))).toEqual([null, ['f1', 'f2'], null, null])
    expect(spark.sql("SELECT json_object_keys('{}') k").collect()[0]).toEqual({ k: [] })
  })

  it('take only strings', () => {
    expect(() => spark.sql('SELECT json_array_length(2)')).toThrow(/DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE/)
  })
})
