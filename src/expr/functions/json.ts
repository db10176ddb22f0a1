import { bitAt, columnFromValues, defaultJsonText, jsonText, Utf8Builder, validityOf } from '../../arrow/index.js'
import { parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { parseWithPattern } from '../../common/datetime-pattern.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, STRING, sqlTypeName } from '../../types/data-types.js'
import { parseSchemaString, parseTypeString } from '../../types/ddl.js'
import { dataTypeOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs } from './coercion.js'
import { schemaArg } from './csv.js'
import { stringsOfVec } from './define.js'
import { booleanOption, optionOf, optionsArg } from './function-options.js'
import type { ScalarFunction } from './spec.js'
import { materialize } from './vector.js'

/** to_json(struct | map | array): one JSON document per row; NULL for a NULL input. */
const toJson: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'struct' && type.kind !== 'map' && type.kind !== 'array') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the ` +
          `("STRUCT" or "MAP" or "ARRAY") type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(type)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    optionsArg(args[1])
    return { args, dataType: STRING }
  },
  kernel(args, ctx, call) {
    const column = materialize(args[0]!, ctx.length)
    const type = dataTypeOf(call.args[0]!)
    const valid = validityOf(column)
    const given = optionsArg(call.args[1])
    const defaults = defaultJsonText(ctx.zone)
    const options = {
      ...defaults,
      dateFormat: optionOf(given, 'dateFormat') ?? defaults.dateFormat,
      timestampFormat: optionOf(given, 'timestampFormat') ?? defaults.timestampFormat,
      timestampNTZFormat: optionOf(given, 'timestampNTZFormat') ?? defaults.timestampNTZFormat,
      ignoreNullFields: booleanOption(given, 'ignoreNullFields', defaults.ignoreNullFields),
    }
    const builder = new Utf8Builder(ctx.length, ctx.length * 32)
    for (let i = 0; i < ctx.length; i++) {
      builder.append(valid !== null && !bitAt(valid, i) ? null : jsonText(column, type, i, options))
    }
    return builder.finish()
  },
}

/** A field value that does not fit its type: the field becomes NULL, the rest of the record is kept. */
const BAD = Symbol('bad')

const INTEGRAL_LIMITS: Readonly<Record<string, number>> = {
  byte: 127,
  short: 32767,
  integer: 2147483647,
  long: 2 ** 63,
}

/** The non-finite numbers Jackson accepts as strings for floating-point fields. */
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+INF': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-INF': Number.NEGATIVE_INFINITY,
}

/**
 * A parsed JSON value converted to the JS form `columnFromValues` takes for `type`, or BAD. Only the root record
 * keeps its good fields when one is BAD (Spark's partial results); a BAD value inside a nested struct, array or map
 * makes that whole value BAD.
 */
interface ReadContext {
  readonly zone: string
  readonly dateFormat: string | undefined
  readonly timestampFormat: string | undefined
}

function convert(value: unknown, type: DataType, ctx: ReadContext, root = false): unknown {
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
      const limit = INTEGRAL_LIMITS[type.kind]!
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= limit ? value : BAD
    }
    case 'float':
    case 'double':
    case 'decimal':
      if (typeof value === 'number') return value
      if (typeof value === 'string' && type.kind !== 'decimal') {
        if (Object.hasOwn(SPECIAL_NUMBERS, value)) return SPECIAL_NUMBERS[value]
      }
      return BAD
    case 'date': {
      if (typeof value !== 'string') return BAD
      const pattern = ctx.dateFormat
      const micros = pattern === undefined ? null : parseWithPattern(value, pattern, 'UTC')
      const days = pattern === undefined ? parseDateString(value) : micros === null ? null : micros / 86_400_000_000
      return days === null ? BAD : new Date(Math.floor(days) * 86_400_000)
    }
    case 'timestamp': {
      if (typeof value !== 'string') return BAD
      const pattern = ctx.timestampFormat
      const micros =
        pattern === undefined ? parseTimestampString(value, ctx.zone) : parseWithPattern(value, pattern, ctx.zone)
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
  arity: [2, 3],
  resolve(args, name) {
    const [json] = coerceArgs(name, [args[0]!], ['string'])
    optionsArg(args[2])
    return { args: [json!, ...args.slice(1)], dataType: schemaOf(schemaArg(args[1]!)), nullable: true }
  },
  kernel(args, evalCtx, call) {
    const type = call.dataType
    const given = optionsArg(call.args[2])
    const ctx: ReadContext = {
      zone: evalCtx.zone,
      dateFormat: optionOf(given, 'dateFormat'),
      timestampFormat: optionOf(given, 'timestampFormat'),
    }
    const texts = stringsOfVec(args[0]!, evalCtx.length)
    const values = texts.map((text) => {
      if (text === null || text.trim() === '') return null
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return type.kind === 'struct' ? convert({}, type, ctx, true) : null
      }
      if (parsed === null) return null
      // An object read with an array-of-structs schema is that array's one element (JacksonParser's array rule).
      if (
        type.kind === 'array' &&
        type.elementType.kind === 'struct' &&
        typeof parsed === 'object' &&
        !Array.isArray(parsed)
      ) {
        parsed = [parsed]
      }
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
let lastPath: { readonly text: string; readonly steps: ReturnType<typeof parsePath> } | undefined

/** parsePath of the last path text, kept: a column's path is usually one constant. */
function pathSteps(text: string): ReturnType<typeof parsePath> {
  if (lastPath?.text !== text) lastPath = { text, steps: parsePath(text) }
  return lastPath.steps
}

const getJsonObject: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ args: coerceArgs(name, args, ['string', 'string']), dataType: STRING, nullable: true }),
  kernel(args, ctx) {
    const texts = stringsOfVec(args[0]!, ctx.length)
    const paths = stringsOfVec(args[1]!, ctx.length)
    const builder = new Utf8Builder(ctx.length, ctx.length * 16)
    for (let i = 0; i < ctx.length; i++) {
      const text = texts[i]
      const steps = paths[i] == null ? null : pathSteps(paths[i]!)
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
