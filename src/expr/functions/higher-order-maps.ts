// Higher-order functions over two arrays or a map's entries: zip_with, transform_keys, transform_values, map_filter,
// and aggregate/reduce (a fold, run position by position: step k folds every array's k-th element at once).
import { makeData, type Struct } from 'apache-arrow'
import {
  bitAt,
  type Column,
  concatColumns,
  listColumn,
  structColumn,
  take,
  toArrowType,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, type DataType, MapType, sqlTypeName } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText } from './coercion.js'
import { type HigherOrder, type LambdaEvaluator, requireArray, requireBoolean, requireMap } from './higher-order.js'
import type { ScalarFunction } from './spec.js'
import { materialize, type Vec } from './vector.js'

const evaluatorOf = (v: Vec): LambdaEvaluator => (v as { value: LambdaEvaluator }).value
const bodyType = (lambda: Expr): DataType => dataTypeOf((lambda as { args: readonly Expr[] }).args[0]!)

/** zip_with(a, b, (x, y) -> f): arrays as long as the longer one, the shorter padded with NULLs. */
const zipWith: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [3, 3],
  lambdaParams: (args, position) =>
    position === 2
      ? [requireArray('zip_with', args, 0).elementType, requireArray('zip_with', args, 1).elementType]
      : undefined,
  resolve: (args) => ({ args, dataType: ArrayType(bodyType(args[2]!)), nullable: true }),
  kernel(args, ctx, call) {
    const n = ctx.length
    const [a, b] = [materialize(args[0]!, n), materialize(args[1]!, n)]
    const [oa, ob] = [a.valueOffsets as Int32Array, b.valueOffsets as Int32Array]
    const [va, vb] = [validityOf(a), validityOf(b)]
    const offsets = new Int32Array(n + 1)
    const valid = new Uint8Array((n + 7) >> 3)
    const left: number[] = []
    const right: number[] = []
    const rows: number[] = []
    for (let r = 0; r < n; r++) {
      const ok = (va === null || bitAt(va, r)) && (vb === null || bitAt(vb, r))
      if (ok) {
        valid[r >> 3]! |= 1 << (r & 7)
        const la = oa[r + 1]! - oa[r]!
        const lb = ob[r + 1]! - ob[r]!
        for (let k = 0; k < Math.max(la, lb); k++) {
          left.push(k < la ? oa[r]! + k : -1)
          right.push(k < lb ? ob[r]! + k : -1)
          rows.push(r)
        }
      }
      offsets[r + 1] = rows.length
    }
    const m = rows.length
    const params = [take(a.children[0]!, Int32Array.from(left)), take(b.children[0]!, Int32Array.from(right))]
    const values = materialize(evaluatorOf(args[2]!)(params, Int32Array.from(rows), m), m)
    return listColumn(call.dataType, offsets, values, valid)
  },
}

/** The (key, value) parameters of a map's entries, and the row of each entry. */
function entries(map: Column) {
  const offsets = map.valueOffsets as Int32Array
  const pairs = map.children[0]!
  const rows = new Int32Array(offsets[map.length]! - offsets[0]!)
  for (let r = 0; r < map.length; r++) for (let j = offsets[r]!; j < offsets[r + 1]!; j++) rows[j] = r
  return { offsets, keys: pairs.children[0]!, values: pairs.children[1]!, rows }
}

/** A map column from offsets and key/value children. */
export function mapColumn(
  type: DataType,
  offsets: Int32Array,
  keys: Column,
  values: Column,
  validity: Uint8Array | null,
) {
  const arrow = toArrowType(type)
  const entryType = arrow.children[0]!.type
  const n = keys.length
  const pairs = makeData({ type: entryType, length: n, nullCount: 0, children: [keys, values] } as never)
  const length = offsets.length - 1
  const nulls = validity === null ? 0 : length - countSet(validity, length)
  return makeData({
    type: arrow,
    length,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? validity! : undefined,
    valueOffsets: offsets,
    child: pairs,
  } as never)
}

function countSet(bits: Uint8Array, n: number): number {
  let c = 0
  for (let i = 0; i < n; i++) if (bitAt(bits, i)) c++
  return c
}

function mapTransform(keys: boolean): ScalarFunction & HigherOrder {
  const name = keys ? 'transform_keys' : 'transform_values'
  return {
    kind: 'scalar',
    arity: [2, 2],
    lambdaParams: (args, position) => {
      if (position !== 1) return undefined
      const t = requireMap(name, args, 0)
      return [t.keyType, t.valueType]
    },
    resolve(args) {
      const t = dataTypeOf(args[0]!) as MapType
      const body = bodyType(args[1]!)
      return { args, dataType: keys ? MapType(body, t.valueType) : MapType(t.keyType, body), nullable: true }
    },
    kernel(args, ctx, call) {
      const map = materialize(args[0]!, ctx.length)
      const e = entries(map)
      const result = materialize(evaluatorOf(args[1]!)([e.keys, e.values], e.rows, e.rows.length), e.rows.length)
      if (keys && result.nullCount > 0) {
        throw new AnalysisException('[NULL_MAP_KEY] Cannot use null as map key.', { errorClass: 'NULL_MAP_KEY' })
      }
      return keys
        ? mapColumn(call.dataType, e.offsets, result, e.values, validityOf(map))
        : mapColumn(call.dataType, e.offsets, e.keys, result, validityOf(map))
    },
  }
}

/** map_filter(map, (k, v) -> cond): the entries for which cond is true. */
const mapFilter: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [2, 2],
  lambdaParams: (args, position) => {
    if (position !== 1) return undefined
    const t = requireMap('map_filter', args, 0)
    return [t.keyType, t.valueType]
  },
  resolve(args, name) {
    requireBoolean(name, args, 1)
    return { args, dataType: dataTypeOf(args[0]!), nullable: true }
  },
  kernel(args, ctx, call) {
    const map = materialize(args[0]!, ctx.length)
    const e = entries(map)
    const result = materialize(evaluatorOf(args[1]!)([e.keys, e.values], e.rows, e.rows.length), e.rows.length)
    const bits = result.values as Uint8Array
    const valid = validityOf(result)
    const kept: number[] = []
    const offsets = new Int32Array(ctx.length + 1)
    for (let r = 0; r < ctx.length; r++) {
      for (let j = e.offsets[r]!; j < e.offsets[r + 1]!; j++) {
        if ((valid === null || bitAt(valid, j)) && bitAt(bits, j)) kept.push(j)
      }
      offsets[r + 1] = kept.length
    }
    const index = Int32Array.from(kept)
    return mapColumn(call.dataType, offsets, take(e.keys, index), take(e.values, index), validityOf(map))
  },
}

/** Same type, ignoring field names and nullability (Spark's DataType.equalsStructurally). */
function sameStructure(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'struct') {
    const f = (b as StructType).fields
    return a.fields.length === f.length && a.fields.every((x, i) => sameStructure(x.dataType, f[i]!.dataType))
  }
  if (a.kind === 'array') return sameStructure(a.elementType, (b as ArrayType).elementType)
  if (a.kind === 'map') {
    const m = b as MapType
    return sameStructure(a.keyType, m.keyType) && sameStructure(a.valueType, m.valueType)
  }
  return sqlTypeName(a) === sqlTypeName(b)
}

/** aggregate(array, zero, (acc, x) -> acc', [acc -> result]); reduce is the same function. */
const aggregate: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [3, 4],
  lambdaParams: (args, position) => {
    if (position === 2) return [dataTypeOf(args[1]!), requireArray('aggregate', args, 0).elementType]
    if (position === 3) return [dataTypeOf(args[1]!)]
    return undefined
  },
  resolve(args, name) {
    const zero = dataTypeOf(args[1]!)
    const merged = bodyType(args[2]!)
    if (!sameStructure(zero, merged)) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: The third parameter requires the "${sqlTypeName(zero)}" type, however "${sqlText(args[2]!)}" has the type "${sqlTypeName(merged)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    return { args, dataType: args[3] ? bodyType(args[3]) : zero, nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const list = materialize(args[0]!, n)
    const listValid = validityOf(list)
    const offsets = list.valueOffsets as Int32Array
    const zeroType = dataTypeOf(call.args[1]!)
    let acc = retype(materialize(args[1]!, n), zeroType)
    // Step k folds element k of every array long enough; the others keep their accumulator.
    let longest = 0
    for (let r = 0; r < n; r++) longest = Math.max(longest, offsets[r + 1]! - offsets[r]!)
    const all = Int32Array.from({ length: n }, (_, r) => r)
    for (let k = 0; k < longest; k++) {
      const active = all.filter((r) => offsets[r + 1]! - offsets[r]! > k)
      const elements = take(
        list.children[0]!,
        active.map((r) => offsets[r]! + k),
      )
      const next = materialize(
        evaluatorOf(args[2]!)([take(acc, active), elements], active, active.length),
        active.length,
      )
      acc = interleave(acc, retype(next, zeroType), active)
    }
    const finished = args[3] ? materialize(evaluatorOf(args[3])([acc], all, n), n) : acc
    if (listValid === null) return finished
    // A NULL array gives NULL.
    const rows = Int32Array.from(all, (r) => (bitAt(listValid, r) ? r : -1))
    return take(finished, rows)
  },
}

/** Row r: `next` at r's place in `active` when r is active, else `acc`'s row r. */
function interleave(acc: Column, next: Column, active: Int32Array): Column {
  const position = new Int32Array(acc.length).fill(-1)
  active.forEach((r, i) => {
    position[r] = i
  })
  const rows = Int32Array.from(position, (p, r) => (p >= 0 ? acc.length + p : r))
  return take(concatColumns([acc, next]), rows)
}

/** A column re-labelled with a structurally equal type (the zero value's struct field names). */
function retype(column: Column, type: DataType): Column {
  if (type.kind !== 'struct') return column
  return structColumn(toArrowType(type) as Struct, column.children, column.length, validityOf(column))
}

export const higherOrderMapFunctions: Record<string, ScalarFunction & HigherOrder> = {
  zip_with: zipWith,
  transform_keys: mapTransform(true),
  transform_values: mapTransform(false),
  map_filter: mapFilter,
  aggregate,
  reduce: aggregate,
}
