// JSON shape functions: json_array_length (elements of a top-level array) and json_object_keys (keys of a top-level
// object); NULL for invalid JSON or another kind of value, as Spark returns.
import { bitAt, listColumn, numericColumn, Utf8Builder } from '../../arrow/index.js'
import { ArrayType, INTEGER, STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { callText, unexpectedInputType } from './coercion.js'
import { stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity } from './vector.js'

/** The parsed value, or undefined for invalid JSON. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const jsonArrayLength = typed(
  ['string'],
  INTEGER,
  (args, ctx) => {
    const n = ctx.length
    const texts = stringsOfVec(args[0]!, n)
    const out = new Int32Array(n)
    const valid = new Uint8Array((n + 7) >> 3)
    for (let i = 0; i < n; i++) {
      const value = texts[i] == null ? undefined : parse(texts[i]!)
      if (!Array.isArray(value)) continue
      out[i] = value.length
      valid[i >> 3]! |= 1 << (i & 7)
    }
    return numericColumn(INTEGER, out, valid)
  },
  { nullable: () => true },
)

const jsonObjectKeys = typed(
  ['string'],
  ArrayType(STRING),
  (args, ctx, call) => {
    const n = ctx.length
    const texts = stringsOfVec(args[0]!, n)
    const inputValid = combinedValidity(args, n)
    const keys = new Utf8Builder(n, n * 8)
    const offsets = new Int32Array(n + 1)
    const valid = new Uint8Array((n + 7) >> 3)
    let count = 0
    for (let i = 0; i < n; i++) {
      const value = inputValid !== null && !bitAt(inputValid, i) ? undefined : parse(texts[i]!)
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const key of Object.keys(value)) {
          keys.append(key)
          count++
        }
        valid[i >> 3]! |= 1 << (i & 7)
      }
      offsets[i + 1] = count
    }
    return listColumn(call.dataType, offsets, keys.finish(), valid)
  },
  { nullable: () => true },
)

/** Spark's JSON functions take STRING only: another type is a type mismatch, not an implicit cast. */
function stringOnly(f: ScalarFunction): ScalarFunction {
  return {
    ...f,
    resolve(args, name) {
      const t = dataTypeOf(args[0]!)
      if (t.kind !== 'string' && t.kind !== 'null')
        throw unexpectedInputType(callText(name, args), 0, 'string', args[0]!)
      return f.resolve(args, name)
    },
  }
}

export const jsonShapeFunctions = {
  json_array_length: stringOnly(jsonArrayLength),
  json_object_keys: stringOnly(jsonObjectKeys),
} satisfies Record<string, ScalarFunction>
