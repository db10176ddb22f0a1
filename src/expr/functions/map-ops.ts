// Map and zip functions: map_concat, map_contains_key, map_entries, map_from_arrays, map_from_entries, str_to_map and
// arrays_zip, built by gathering keys, values and elements by index. Duplicate keys fail as under Spark's default
// spark.sql.mapKeyDedupPolicy=EXCEPTION; a NULL key fails with NULL_MAP_KEY.
import type { Struct } from 'apache-arrow'
import {
  bitAt,
  boolColumn,
  type Column,
  concatColumns,
  listColumn,
  newBitmap,
  nullColumn,
  setBit,
  structColumn,
  take,
  toArrowType,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { BigSet } from '../../common/big-set.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  MapType,
  type MapType as MapTypeOf,
  NULL,
  STRING,
  sqlTypeName,
} from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { rowKey } from './arrays.js'
import { callText, castTo, coerceArgs, coerceToCommonType, tightestType } from './coercion.js'
import { stringsOfVec } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, materialize } from './vector.js'

const isSet = (bits: Uint8Array | null, i: number) => bits === null || bitAt(bits, i)

/** A map column from per-row entry offsets over key and value columns. */
function mapOf(type: MapTypeOf, offsets: Int32Array, keys: Column, values: Column, valid: Uint8Array | null): Column {
  const arrow = toArrowType(type) as unknown as { children: { type: Struct }[] }
  return listColumn(type, offsets, structColumn(arrow.children[0]!.type, [keys, values], keys.length), valid)
}

function duplicateKey(key: unknown): SparkRuntimeException {
  return new SparkRuntimeException(
    `Duplicate map key ${String(key)} was found, please check the input data. If you want to remove the duplicated ` +
      `keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence.`,
    { errorClass: 'DUPLICATED_MAP_KEY' },
  )
}

const nullKey = () => new SparkRuntimeException('Cannot use null as map key.', { errorClass: 'NULL_MAP_KEY' })

/** Keys of one row checked for NULLs and duplicates (the set is reused across rows). */
function checkKeys(keys: Column, keyType: DataType, from: number, to: number, seen: BigSet<unknown>): void {
  const key = rowKey(keys, keyType)
  const valid = validityOf(keys)
  seen.clear()
  for (let j = from; j < to; j++) {
    if (!isSet(valid, j)) throw nullKey()
    const k = key(j)
    if (!seen.tryAdd(k)) throw duplicateKey(k)
  }
}

function mapParts(v: Parameters<typeof materialize>[0], ctx: EvalContext) {
  const map = materialize(v, ctx.length)
  const entries = map.children[0]!
  return { map, keys: entries.children[0]!, values: entries.children[1]!, offsets: map.valueOffsets as Int32Array }
}

/** map_concat(m1, m2, ...): the entries of all maps in order; NULL if any map is NULL. */
const mapConcat: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    if (args.length === 0) return { args, dataType: MapType(STRING, STRING), nullable: false }
    for (const [i, a] of args.entries()) {
      if (dataTypeOf(a).kind !== 'map') {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter ${i + 1} requires the "MAP" ` +
            `type, however "${sqlText(a)}" has the type "${sqlTypeName(dataTypeOf(a))}".`,
          { errorClass: 'DATATYPE_MISMATCH.MAP_CONCAT_DIFF_TYPES' },
        )
      }
    }
    const { args: coerced, type } = coerceToCommonType(name, args, 'or')
    return { args: coerced, dataType: type }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const type = call.dataType as MapTypeOf
    if (args.length === 0) return mapOf(type, new Int32Array(n + 1), nullColumn(STRING, 0), nullColumn(STRING, 0), null)
    const parts = args.map((a) => mapParts(a, ctx))
    const valid = combinedValidity(args, n)
    const keys = concatColumns(parts.map((p) => p.keys))
    const values = concatColumns(parts.map((p) => p.values))
    const shifts = parts.map((_, k) => parts.slice(0, k).reduce((sum, p) => sum + p.keys.length, 0))
    const picks: number[] = []
    const offsets = new Int32Array(n + 1)
    const key = rowKey(keys, type.keyType)
    const seen = new BigSet<unknown>()
    for (let i = 0; i < n; i++) {
      if (isSet(valid, i)) {
        seen.clear()
        parts.forEach((p, k) => {
          for (let j = p.offsets[i]!; j < p.offsets[i + 1]!; j++) {
            const kv = key(j + shifts[k]!)
            if (!seen.tryAdd(kv)) throw duplicateKey(kv)
            picks.push(j + shifts[k]!)
          }
        })
      }
      offsets[i + 1] = picks.length
    }
    return mapOf(type, offsets, take(keys, picks), take(values, picks), valid)
  },
}

/** map_contains_key(map, key): whether the map has the key (compared in their tightest common type). */
const mapContainsKey: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const map = dataTypeOf(coerceArgs(name, [args[0]!], ['map'])[0]!) as MapTypeOf
    const common = tightestType(map.keyType, dataTypeOf(args[1]!))
    if (common === undefined) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Input to \`${name}\` should have been ` +
          `"MAP" followed by a value with same key type, but it's ["${sqlTypeName(map)}", "${sqlTypeName(dataTypeOf(args[1]!))}"].`,
        { errorClass: 'DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES' },
      )
    }
    return { args: [args[0]!, castTo(args[1]!, common)], dataType: BOOLEAN }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const { keys, offsets } = mapParts(args[0]!, ctx)
    const probe = materialize(args[1]!, n)
    const keyOf = rowKey(keys, (dataTypeOf(call.args[0]!) as MapTypeOf).keyType)
    const probeOf = rowKey(probe, dataTypeOf(call.args[1]!))
    const bits = newBitmap(n)
    for (let i = 0; i < n; i++) {
      const wanted = probeOf(i)
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (keyOf(j) === wanted) {
          setBit(bits, i)
          break
        }
      }
    }
    return boolColumn(bits, n, combinedValidity(args, n))
  },
}

const entryType = (map: MapTypeOf) =>
  StructType([StructField('key', map.keyType, false), StructField('value', map.valueType, map.valueContainsNull)])

/** map_entries(map): the entries as an array of structs (key, value). */
const mapEntries: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const map = dataTypeOf(coerceArgs(name, args, ['map'])[0]!) as MapTypeOf
    return { args, dataType: ArrayType(entryType(map), false) }
  },
  kernel(args, ctx, call) {
    const { map, keys, values, offsets } = mapParts(args[0]!, ctx)
    const element = (call.dataType as ArrayType).elementType
    const struct = structColumn(toArrowType(element) as Struct, [keys, values], keys.length)
    return listColumn(call.dataType, offsets, struct, validityOf(map))
  },
}

/** map_from_arrays(keys, values): a map pairing the arrays' elements; their lengths must agree. */
const mapFromArrays: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const [k, v] = coerceArgs(name, args, ['array', 'array']) as [Expr, Expr]
    const keyType = (dataTypeOf(k) as ArrayType).elementType
    const value = dataTypeOf(v) as ArrayType
    return { args: [k, v], dataType: MapType(keyType, value.elementType, value.containsNull) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const [k, v] = args.map((a) => materialize(a, n)) as [Column, Column]
    const [ko, vo] = [k.valueOffsets as Int32Array, v.valueOffsets as Int32Array]
    const valid = combinedValidity(args, n)
    const seen = new BigSet<unknown>()
    const keyPicks: number[] = []
    const valuePicks: number[] = []
    const offsets = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) {
      if (isSet(valid, i)) {
        const length = ko[i + 1]! - ko[i]!
        if (length !== vo[i + 1]! - vo[i]!) {
          throw new SparkRuntimeException('The key array and value array of MapData must have the same length.', {
            errorClass: '_LEGACY_ERROR_TEMP_2018',
          })
        }
        checkKeys(k.children[0]!, (call.dataType as MapTypeOf).keyType, ko[i]!, ko[i + 1]!, seen)
        for (let j = 0; j < length; j++) {
          keyPicks.push(ko[i]! + j)
          valuePicks.push(vo[i]! + j)
        }
      }
      offsets[i + 1] = keyPicks.length
    }
    const type = call.dataType as MapTypeOf
    return mapOf(type, offsets, take(k.children[0]!, keyPicks), take(v.children[0]!, valuePicks), valid)
  },
}

/** map_from_entries(array<struct<k, v>>): a map from the structs' first and second fields. */
const mapFromEntries: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const array = dataTypeOf(coerceArgs(name, args, ['array'])[0]!) as ArrayType
    const element = array.elementType
    if (element.kind !== 'struct' || element.fields.length !== 2) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the "ARRAY" of pair ` +
          `"STRUCT" type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(array)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    const [key, value] = element.fields as [StructField, StructField]
    return { args, dataType: MapType(key.dataType, value.dataType, value.nullable) }
  },
  kernel(args, ctx, call) {
    const column = materialize(args[0]!, ctx.length)
    const offsets = column.valueOffsets as Int32Array
    const struct = column.children[0]!
    const seen = new BigSet<unknown>()
    const type = call.dataType as MapTypeOf
    for (let i = 0; i < ctx.length; i++) {
      if (isSet(validityOf(column), i)) checkKeys(struct.children[0]!, type.keyType, offsets[i]!, offsets[i + 1]!, seen)
    }
    return mapOf(type, offsets, struct.children[0]!, struct.children[1]!, validityOf(column))
  },
}

/** str_to_map(text, pairDelim = ',', keyValueDelim = ':'): a map<string,string>; the delimiters are regexes. */
const strToMap: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 3],
  resolve(args, name) {
    const full = [...args]
    if (full.length < 2) full.push({ kind: 'Literal', value: ',', dataType: STRING })
    if (full.length < 3) full.push({ kind: 'Literal', value: ':', dataType: STRING })
    return { args: coerceArgs(name, full, ['string', 'string', 'string']), dataType: MapType(STRING, STRING) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const [texts, pairs, kvs] = args.map((a) => stringsOfVec(a, n)) as [
      (string | null)[],
      (string | null)[],
      (string | null)[],
    ]
    const keys = new Utf8Builder(n, n * 8)
    const values = new Utf8Builder(n, n * 8)
    const offsets = new Int32Array(n + 1)
    const valid = newBitmap(n)
    const seen = new BigSet<string>()
    let count = 0
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      if (text != null && pairs[i] != null && kvs[i] != null) {
        setBit(valid, i)
        seen.clear()
        const pairPattern = new RegExp(pairs[i]!, 'u')
        const kvPattern = new RegExp(kvs[i]!, 'u')
        for (const pair of text.split(pairPattern)) {
          const match = kvPattern.exec(pair)
          const key = match ? pair.slice(0, match.index) : pair
          if (!seen.tryAdd(key)) throw duplicateKey(key)
          keys.append(key)
          values.append(match ? pair.slice(match.index + match[0].length) : null)
          count++
        }
      }
      offsets[i + 1] = count
    }
    return mapOf(call.dataType as MapTypeOf, offsets, keys.finish(), values.finish(), valid)
  },
}

/** The field a zipped input gives its struct: the column's name, or its position. */
function zipFieldName(arg: Expr, index: number): string {
  return arg.kind === 'Attribute' || arg.kind === 'Alias' ? arg.name : String(index)
}

/** arrays_zip(a1, ..., an): array of structs, element i of each array; shorter arrays give NULLs; a NULL array, NULL. */
const arraysZip: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    // A NULL argument is an array of nothing, whose rows are all NULL.
    const typed = args.map((a) => (dataTypeOf(a).kind === 'null' ? castTo(a, ArrayType(NULL)) : a))
    const coerced = coerceArgs(
      name,
      typed,
      args.map(() => 'array' as const),
    )
    const fields = coerced.map((a, i) => {
      const t = dataTypeOf(a)
      return StructField(zipFieldName(args[i]!, i), t.kind === 'array' ? t.elementType : t, true)
    })
    return { args: coerced, dataType: ArrayType(StructType(fields), false) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const inputs = args.map((a) => materialize(a, n))
    const valid = combinedValidity(args, n)
    const offsets = new Int32Array(n + 1)
    const picks: number[][] = inputs.map(() => [])
    let count = 0
    for (let i = 0; i < n; i++) {
      if (isSet(valid, i)) {
        let longest = 0
        for (const input of inputs) {
          const o = input.valueOffsets as Int32Array
          longest = Math.max(longest, o[i + 1]! - o[i]!)
        }
        inputs.forEach((input, k) => {
          const o = input.valueOffsets as Int32Array
          for (let j = 0; j < longest; j++) picks[k]!.push(j < o[i + 1]! - o[i]! ? o[i]! + j : -1)
        })
        count += longest
      }
      offsets[i + 1] = count
    }
    const element = (call.dataType as ArrayType).elementType as StructType
    const children = inputs.map((input, k) => take(input.children[0]!, picks[k]!))
    const struct = structColumn(toArrowType(element) as Struct, children, count)
    return listColumn(call.dataType, offsets, struct, valid)
  },
}

export const mapOpFunctions = {
  map_concat: mapConcat,
  map_contains_key: mapContainsKey,
  map_entries: mapEntries,
  map_from_arrays: mapFromArrays,
  map_from_entries: mapFromEntries,
  str_to_map: strToMap,
  arrays_zip: arraysZip,
} satisfies Record<string, ScalarFunction>
