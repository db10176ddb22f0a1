// json_tuple(json, field1, field2, ...): one row per input with columns c0, c1, ... holding each top-level field of
// the JSON object as text (strings unquoted, other values as JSON); NULL where the field, the name or the JSON is.

import { Utf8Builder } from '../../arrow/index.js'
import { STRING } from '../../types/data-types.js'
import { coerceArgs, wrongNumArgs } from './coercion.js'
import { stringsOfVec } from './define.js'
import type { GeneratorFunction } from './spec.js'

export const jsonTuple: GeneratorFunction = {
  kind: 'generator',
  arity: [1, Number.POSITIVE_INFINITY],
  outer: false,
  resolve(args, name) {
    if (args.length < 2) throw wrongNumArgs(name, args, '> 1')
    const coerced = coerceArgs(name, args, ['string'])
    const output = coerced.slice(1).map((_, i) => ({ name: `c${i}`, dataType: STRING, nullable: true }))
    return { args: coerced, dataType: STRING, output }
  },
  kernel(args, ctx) {
    const n = ctx.length
    const texts = stringsOfVec(args[0]!, n)
    const names = args.slice(1).map((a) => stringsOfVec(a, n))
    const builders = names.map(() => new Utf8Builder(n, n * 8))
    for (let i = 0; i < n; i++) {
      const record = objectOf(texts[i])
      for (let j = 0; j < names.length; j++) {
        const key = names[j]![i]
        const value = record === null || key == null || !Object.hasOwn(record, key) ? null : record[key]
        builders[j]!.append(
          value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value),
        )
      }
    }
    return { parentRows: Int32Array.from({ length: n }, (_, i) => i), columns: builders.map((b) => b.finish()) }
  },
}

/** The JSON text's top-level object, or null when it is NULL, malformed or not an object. */
function objectOf(text: string | null | undefined): Record<string, unknown> | null {
  if (text == null) return null
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}
