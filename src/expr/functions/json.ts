// JSON functions: to_json (Jackson's output), from_json (PERMISSIVE parsing into a schema), get_json_object.

import { javaDoubleText, javaFloatText } from '../../arrow/cell-text.js'
import {
  bitAt,
  type Column,
  columnFromValues,
  numbersOf,
  stringAt,
  stringsOf,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { formatWithPattern } from '../../common/datetime-pattern.js'
import { AnalysisException } from '../../common/errors.js'
import { formatDate } from '../../common/time.js'
import { type DataType, STRING, sqlTypeName } from '../../types/data-types.js'
import { parseSchemaString, parseTypeString } from '../../types/ddl.js'
import { dataTypeOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { type EvalContext, materialize } from './vector.js'

/** Jackson's text of a double: Java's toString, non-finite values quoted. */
function jsonNumber(text: string, finite: boolean): string {
  return finite ? text : `"${text}"`
}

/** Row i of a column of `type` as JSON text, as Spark's JacksonGenerator writes it (NULL struct fields omitted). */
function toJsonText(column: Column, type: DataType, i: number, ctx: EvalContext): string {
  const valid = validityOf(column)
  if (type.kind === 'null' || (valid !== null && !bitAt(valid, i))) return 'null'
  switch (type.kind) {
    case 'string':
      return JSON.stringify(stringAt(column, i))
    case 'boolean':
      return bitAt(column.values as Uint8Array, i) ? 'true' : 'false'
    case 'double': {
      const x = numbersOf(column)[i]!
      return jsonNumber(javaDoubleText(x), Number.isFinite(x))
    }
    case 'float': {
      const x = numbersOf(column)[i]!
      return jsonNumber(javaFloatText(x), Number.isFinite(x))
    }
    case 'decimal':
      return numbersOf(column)[i]!.toFixed(type.scale)
    case 'date':
      return `"${formatDate(numbersOf(column)[i]!)}"`
    case 'timestamp':
      return `"${formatWithPattern(numbersOf(column)[i]!, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", ctx.zone)}"`
    case 'timestamp_ntz':
      return `"${formatWithPattern(numbersOf(column)[i]!, "yyyy-MM-dd'T'HH:mm:ss.SSS", 'UTC')}"`
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      const bytes = (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
      return `"${Buffer.from(bytes).toString('base64')}"`
    }
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++)
        parts.push(toJsonText(column.children[0]!, type.elementType, j, ctx))
      return `[${parts.join(',')}]`
    }
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const key = toJsonText(keys, type.keyType, j, ctx)
        parts.push(`${key.startsWith('"') ? key : JSON.stringify(key)}:${toJsonText(values, type.valueType, j, ctx)}`)
      }
      return `{${parts.join(',')}}`
    }
    case 'struct': {
      const parts: string[] = []
      type.fields.forEach((f, k) => {
        const child = column.children[k]!
        const childValid = validityOf(child)
        if (childValid !== null && !bitAt(childValid, i)) return
        parts.push(`${JSON.stringify(f.name)}:${toJsonText(child, f.dataType, i, ctx)}`)
      })
      return `{${parts.join(',')}}`
    }
    default:
      return String(numbersOf(column)[i]!)
  }
}

/** to_json(struct | map | array): one JSON document per row; NULL for a NULL input. */
const toJson: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'struct' && type.kind !== 'map' && type.kind !== 'array') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the ` +
          `("STRUCT" or "MAP" or "ARRAY") type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(type)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    return { args, dataType: STRING }
  },
  kernel(args, ctx, call) {
    const column = materialize(args[0]!, ctx.length)
    const type = dataTypeOf(call.args[0]!)
    const valid = validityOf(column)
    const builder = new Utf8Builder(ctx.length, ctx.length * 32)
    for (let i = 0; i < ctx.length; i++) {
      builder.append(valid !== null && !bitAt(valid, i) ? null : toJsonText(column, type, i, ctx))
    }
    return builder.finish()
  },
}

/** A field value that does not fit its type: the field becomes NULL, the rest of the record is kept. */
const BAD = Symbol('bad')

/**
 * A parsed JSON value converted to the JS form `columnFromValues` takes for `type`, or BAD. Only the root record
 * keeps its good fields when one is BAD (Spark's partial results); a BAD value inside a nested struct, array or map
 * makes that whole value BAD.
 */
function convert(value: unknown, type: DataType, ctx: EvalContext, root = false): unknown {
  if (value === null || value === undefined) return null
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value)
    case 'boolean':
      return typeof value === 'boolean' ? value : BAD
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const limit = { byte: 127, short: 32767, integer: 2147483647, long: 2 ** 63 }[type.kind]
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= limit ? value : BAD
    }
    case 'float':
    case 'double':
    case 'decimal':
      if (typeof value === 'number') return value
      if (typeof value === 'string' && type.kind !== 'decimal') {
        const special: Record<string, number> = {
          NaN: Number.NaN,
          Infinity: Number.POSITIVE_INFINITY,
          '+INF': Number.POSITIVE_INFINITY,
          '-Infinity': Number.NEGATIVE_INFINITY,
          '-INF': Number.NEGATIVE_INFINITY,
        }
        if (value in special) return special[value]
      }
      return BAD
    case 'date': {
      const days = typeof value === 'string' ? parseDateString(value) : null
      return days === null ? BAD : new Date(days * 86_400_000)
    }
    case 'timestamp': {
      const micros = typeof value === 'string' ? parseTimestampString(value, ctx.zone) : null
      return micros === null ? BAD : micros / 1000
    }
    case 'array': {
      if (!Array.isArray(value)) return BAD
      const items = value.map((v) => convert(v, type.elementType, ctx))
      return items.includes(BAD) ? BAD : items
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return BAD
      const entries = Object.entries(value).map(([k, v]) => [k, convert(v, type.valueType, ctx)] as const)
      return entries.some(([, v]) => v === BAD) ? BAD : new Map(entries)
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return BAD
      const record = value as Record<string, unknown>
      const fields = type.fields.map((f) => [f.name, convert(record[f.name], f.dataType, ctx)] as const)
      if (!root && fields.some(([, v]) => v === BAD)) return BAD
      return Object.fromEntries(fields.map(([k, v]) => [k, orNull(v)]))
    }
    default:
      return BAD
  }
}

const orNull = (v: unknown) => (v === BAD ? null : v)

/** The schema argument of from_json: a DDL string such as `a INT, b STRING` or a type such as `array<int>`. */
function schemaOf(text: string): DataType {
  return /^\s*(array|map|struct)\s*</i.test(text) ? parseTypeString(text) : parseSchemaString(text)
}

/**
 * from_json(json, schema): PERMISSIVE parsing. Fields that do not fit their type are NULL while the others are
 * kept; text that is not JSON gives a record of NULLs (for a struct schema); an empty or `null` document is NULL.
 */
const fromJson: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const [json] = coerceArgs(name, [args[0]!], ['string'])
    const schema = args[1]!
    if (schema.kind !== 'Literal' || typeof schema.value !== 'string') {
      throw new AnalysisException(`The schema of from_json must be a DDL string literal, got "${sqlText(schema)}".`, {
        errorClass: 'INVALID_SCHEMA.NON_STRING_LITERAL',
      })
    }
    return { args: [json!, schema], dataType: schemaOf(schema.value), nullable: true }
  },
  kernel(args, ctx, call) {
    const type = call.dataType
    const texts = stringsOf(materialize(args[0]!, ctx.length))
    const values = texts.map((text) => {
      if (text === null || text.trim() === '') return null
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return type.kind === 'struct' ? convert({}, type, ctx, true) : null
      }
      if (parsed === null) return null
      const converted = convert(parsed, type, ctx, true)
      return converted === BAD ? (type.kind === 'struct' ? convert({}, type, ctx, true) : null) : converted
    })
    return columnFromValues(type, values)
  },
}

type PathStep = { readonly kind: 'key'; readonly name: string } | { readonly kind: 'index'; readonly index: number }

/** Parses a JSONPath of Spark's subset (`$`, `.name`, `['name']`, `[n]`); null when malformed. */
function parsePath(path: string): PathStep[] | null {
  if (!path.startsWith('$')) return null
  const steps: PathStep[] = []
  const re = /\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/y
  re.lastIndex = 1
  while (re.lastIndex < path.length) {
    const m = re.exec(path)
    if (!m) return null
    if (m[1] !== undefined) steps.push({ kind: 'key', name: m[1] })
    else if (m[2] !== undefined) steps.push({ kind: 'key', name: m[2] })
    else steps.push({ kind: 'index', index: Number(m[3]) })
  }
  return steps
}

/** get_json_object(json, path): the value at the path; strings unquoted, objects and arrays as compact JSON. */
const getJsonObject: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ args: coerceArgs(name, args, ['string', 'string']), dataType: STRING, nullable: true }),
  kernel(args, ctx) {
    const texts = stringsOf(materialize(args[0]!, ctx.length))
    const paths = stringsOf(materialize(args[1]!, ctx.length))
    const builder = new Utf8Builder(ctx.length, ctx.length * 16)
    for (let i = 0; i < ctx.length; i++) {
      const text = texts[i]
      const steps = paths[i] == null ? null : parsePath(paths[i]!)
      let value: unknown = null
      if (text != null && steps !== null) {
        try {
          value = JSON.parse(text)
          for (const step of steps) {
            if (step.kind === 'key') {
              value =
                value !== null && typeof value === 'object' && !Array.isArray(value)
                  ? (value as Record<string, unknown>)[step.name]
                  : undefined
            } else value = Array.isArray(value) ? value[step.index] : undefined
            if (value === undefined) break
          }
        } catch {
          value = null
        }
      }
      builder.append(
        value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value),
      )
    }
    return builder.finish()
  },
}

export const jsonFunctions = {
  to_json: toJson,
  from_json: fromJson,
  get_json_object: getJsonObject,
} satisfies Record<string, ScalarFunction>
