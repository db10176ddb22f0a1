// Conversions between JavaScript rows and Arrow record batches.
import { describe, expect, it } from 'vitest'
import { batchFromRows, rowsOf } from '../../src/arrow/index.js'
import { parseSchemaString } from '../../src/types/ddl.js'

describe('rows with a field named __proto__', () => {
  it('keep it as an own field in both directions, never touching a prototype', () => {
    const schema = parseSchemaString('`__proto__` STRING, s STRUCT<`__proto__`: INT>')
    const input = JSON.parse('[{"__proto__": "x", "s": {"__proto__": 1}}, {}]') as Record<string, unknown>[]
    const [first, second] = rowsOf(batchFromRows(schema, input), schema)
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype)
    expect(Object.keys(first!)).toEqual(['__proto__', 's'])
    expect(Object.getOwnPropertyDescriptor(first, '__proto__')!.value).toBe('x')
    expect(Object.getOwnPropertyDescriptor(first!.s, '__proto__')!.value).toBe(1)
    expect(Object.getOwnPropertyDescriptor(second, '__proto__')!.value).toBeNull()
  })
})
