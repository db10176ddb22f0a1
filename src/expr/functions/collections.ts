// Arrays, maps and structs: array(), struct(), named_struct(), size, array_contains, map_keys, map_values.
import { makeData, type Struct } from 'apache-arrow'
import {
  allValidBitmap,
  bitAt,
  boolColumn,
  type Column,
  concatColumns,
  listColumn,
  newBitmap,
  nullColumn,
  numericColumn,
  structColumn,
  take,
  toArrowType,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { ArrayType, BOOLEAN, type DataType, INTEGER, MapType, NULL, sqlTypeName } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr, nullableOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { rowKey } from './arrays.js'
import { callText, castTo, coerceArgs, coerceToCommonType, tightestType } from './coercion.js'
import { extractFunctions } from './extract.js'
import { elementsEqual } from './predicates.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, materialize } from './vector.js'

/** The name a struct() field takes from its argument: an alias, a column name, or `col<n>`. */
function fieldName(arg: Expr, index: number): string {
  if (arg.kind === 'Alias' || arg.kind === 'Attribute') return arg.name
  if (arg.kind === 'Fn' && (arg.name === 'get_field' || arg.name === 'get_item')) {
    if (dataTypeOf(arg.args[0]!).kind === 'struct') return String((arg.args[1] as { value: unknown }).value)
  }
  return `col${index + 1}`
}

const struct: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve: (args) => ({
    args,
    dataType: StructType(args.map((a, i) => StructField(fieldName(a, i), dataTypeOf(a), nullableOf(a)))),
    nullable: false,
  }),
  kernel(args, ctx, call) {
    const columns = args.map((a) => materialize(a, ctx.length))
    return structColumn(toArrowType(call.dataType) as Struct, columns, ctx.length)
  },
}

const namedStruct: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args) {
    if (args.length % 2 !== 0) throw new AnalysisException('named_struct expects an even number of arguments.')
    const fields: StructField[] = []
    const values: Expr[] = []
    for (let i = 0; i < args.length; i += 2) {
      const name = args[i]!
      if (name.kind !== 'Literal' || typeof name.value !== 'string') {
        throw new AnalysisException(
          `Only foldable string expressions are allowed to appear at odd position, got: ${sqlText(name)}`,
        )
      }
      fields.push(StructField(name.value, dataTypeOf(args[i + 1]!), nullableOf(args[i + 1]!)))
      values.push(args[i]!, args[i + 1]!)
    }
    return { args: values, dataType: StructType(fields), nullable: false }
  },
  kernel: (args, ctx, call) =>
    structColumn(
      toArrowType(call.dataType) as Struct,
      args.filter((_, i) => i % 2 === 1).map((a) => materialize(a, ctx.length)),
      ctx.length,
    ),
}

/** array(a, b, ...): row i holds [a_i, b_i, ...]. */
const array: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    if (args.length === 0) return { args, dataType: ArrayType(NULL, false), nullable: false }
    const { args: coerced, type } = coerceToCommonType(name, args, 'or')
    return { args: coerced, dataType: ArrayType(type, coerced.some(nullableOf)), nullable: false }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const k = args.length
    const elementType = (call.dataType as { elementType: DataType }).elementType
    const all = k === 0 ? nullColumn(elementType, 0) : concatColumns(args.map((a) => materialize(a, n)))
    const indices = new Int32Array(n * k)
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) indices[i * k + j] = j * n + i
    const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i * k)
    return makeData({
      type: toArrowType(call.dataType),
      length: n,
      nullCount: 0,
      valueOffsets: offsets,
      child: take(all, indices),
    } as never)
  },
}

/** size(array|map): element count; -1 for null (Spark's legacy default). */
const size: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    coerceArgs(name, args, ['array_or_map'])
    return { args, dataType: INTEGER, nullable: false }
  },
  kernel(args, ctx) {
    const column = materialize(args[0]!, ctx.length)
    const offsets = column.valueOffsets as Int32Array
    const validity = validityOf(column)
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++)
      out[i] = validity !== null && !bitAt(validity, i) ? -1 : offsets[i + 1]! - offsets[i]!
    return numericColumn(INTEGER, out, null, 0)
  },
}

/**
 * array_contains(arr, v): true when an element equals v; NULL when arr or v is NULL, or when nothing matched but
 * arr holds a NULL; false otherwise. Both sides widen to their tightest common type (no string promotion).
 */
const arrayContains: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const [arr, value] = args as [Expr, Expr]
    const [ta, tv] = [dataTypeOf(arr), dataTypeOf(value)]
    const text = callText(name, args)
    if (tv.kind === 'null') {
      throw new AnalysisException(
        `Cannot resolve "${text}" due to data type mismatch: Null typed values cannot be used as arguments of \`${name}\`.`,
        { errorClass: 'DATATYPE_MISMATCH.NULL_TYPE' },
      )
    }
    const common = ta.kind === 'array' ? tightestType(ta.elementType, tv) : undefined
    if (ta.kind !== 'array' || common === undefined) {
      throw new AnalysisException(
        `Cannot resolve "${text}" due to data type mismatch: Input to \`${name}\` should have been "ARRAY" followed ` +
          `by a value with same element type, but it's ["${sqlTypeName(ta)}", "${sqlTypeName(tv)}"].`,
        { errorClass: 'DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES' },
      )
    }
    return { args: [castTo(arr, ArrayType(common, ta.containsNull)), castTo(value, common)], dataType: BOOLEAN }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const elementType = dataTypeOf(call.args[1]!)
    const column = materialize(args[0]!, n)
    const offsets = column.valueOffsets as Int32Array
    const elements = column.children[0]!
    const equal = elementsEqual(offsets, n, elements, args[1]!, elementType)
    const elementValid = validityOf(elements)
    const bits = newBitmap(n)
    const valid = combinedValidity([column, args[1]!], n) ?? allValidBitmap(n)
    for (let i = 0; i < n; i++) {
      let sawNull = false
      let found = false
      for (let j = offsets[i]!; j < offsets[i + 1]! && !found; j++) {
        if (elementValid !== null && !bitAt(elementValid, j)) sawNull = true
        else if (bitAt(equal, j)) found = true
      }
      if (found) bits[i >> 3]! |= 1 << (i & 7)
      else if (sawNull) valid[i >> 3]! &= ~(1 << (i & 7))
    }
    return boolColumn(bits, n, valid)
  },
}

/** map_keys / map_values: the entries' key or value column under the map's offsets. */
function mapPart(part: 0 | 1): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 1],
    resolve(args, name) {
      const coerced = coerceArgs(name, args, ['map'])
      const type = dataTypeOf(coerced[0]!) as MapType
      return {
        args: coerced,
        dataType: part === 0 ? ArrayType(type.keyType, false) : ArrayType(type.valueType, type.valueContainsNull),
      }
    },
    kernel(args, ctx, call) {
      const map = materialize(args[0]!, ctx.length)
      const child = map.children[0]!.children[part]!
      const { nullCount, nullBitmap, valueOffsets } = map
      return makeData({
        type: toArrowType(call.dataType),
        length: map.length,
        nullCount,
        nullBitmap,
        valueOffsets,
        child,
      } as never)
    },
  }
}

/** map(k1, v1, k2, v2, ...) (create_map): keys and values widened to common types; NULL or duplicate keys fail. */
const createMap: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    if (args.length % 2 !== 0) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: The \`${name}\` requires 2n (n > 0) ` +
          `parameters but the actual number is ${args.length}.`,
        { errorClass: 'DATATYPE_MISMATCH.WRONG_NUM_ARGS' },
      )
    }
    const keys = args.filter((_, k) => k % 2 === 0)
    const values = args.filter((_, k) => k % 2 === 1)
    const k = keys.length ? coerceToCommonType(name, keys, 'or') : { args: [], type: NULL }
    const v = values.length ? coerceToCommonType(name, values, 'or') : { args: [], type: NULL }
    const coerced = k.args.flatMap((key, i) => [key, castTo(v.args[i]!, v.type)])
    return { args: coerced, dataType: MapType(k.type, v.type, values.some(nullableOf)), nullable: false }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const type = call.dataType as MapType
    const pairs = args.length / 2
    const columns = args.map((a) => materialize(a, n))
    const keyKey = columns.map((c, k) => (k % 2 === 0 ? rowKey(c, type.keyType) : null))
    const keyIndices: number[] = []
    const offsets = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) {
      const seen = new Set<unknown>()
      for (let p = 0; p < pairs; p++) {
        const keyColumn = columns[2 * p]!
        const kv = validityOf(keyColumn)
        if (kv !== null && !bitAt(kv, i)) {
          throw new SparkRuntimeException('Cannot use null as map key.', { errorClass: 'NULL_MAP_KEY' })
        }
        const key = keyKey[2 * p]!(i)
        if (seen.has(key)) {
          throw new SparkRuntimeException(
            `Duplicate map key ${String(key)} was found, please check the input data. If you want to remove the ` +
              `duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted ` +
              `at last takes precedence.`,
            { errorClass: 'DUPLICATED_MAP_KEY' },
          )
        }
        seen.add(key)
        keyIndices.push(p * n + i)
      }
      offsets[i + 1] = keyIndices.length
    }
    return mapColumn(type, columns, keyIndices, offsets)
  },
}

/** The map column: entry j of the result is pair (picks[j] / n) of row (picks[j] % n), keys and values gathered. */
function mapColumn(type: MapType, columns: Column[], picks: number[], offsets: Int32Array) {
  const side = (parity: number, t: DataType) => {
    const parts = columns.filter((_, k) => k % 2 === parity)
    return parts.length === 0 ? nullColumn(t, 0) : take(concatColumns(parts), picks)
  }
  const arrow = toArrowType(type) as unknown as { children: { type: Struct }[] }
  const entries = structColumn(arrow.children[0]!.type, [side(0, type.keyType), side(1, type.valueType)], picks.length)
  return listColumn(type, offsets, entries)
}

export const collectionFunctions = {
  struct,
  named_struct: namedStruct,
  array,
  ...extractFunctions,
  size,
  array_contains: arrayContains,
  map_keys: mapPart(0),
  map_values: mapPart(1),
  map: createMap,
} satisfies Record<string, ScalarFunction>

export { generatorFunctions } from './generators.js'
