// map_zip_with(map1, map2, (k, v1, v2) -> f): one entry per key of either map — map1's keys in order, then those only
// in map2 — with f of the key and both values (NULL where a map lacks the key), evaluated once per batch.
import { bitAt, concatColumns, take, validityOf } from '../../arrow/index.js'
import { BigMap } from '../../common/big-set.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, MapType, sameType, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { rowKey } from './arrays.js'
import { callText, castTo, widerType } from './coercion.js'
import { type HigherOrder, type LambdaEvaluator, requireMap } from './higher-order.js'
import { mapColumn } from './higher-order-maps.js'
import type { ScalarFunction } from './spec.js'
import { materialize, type Vec } from './vector.js'

const evaluatorOf = (v: Vec): LambdaEvaluator => (v as { value: LambdaEvaluator }).value

/** The key type both maps are read with: equal types, or their wider type (Spark's MapZipWithCoercion). */
function keyType(name: string, args: readonly Expr[]): DataType {
  const a = requireMap(name, args, 0).keyType
  const b = requireMap(name, args, 1).keyType
  const wider = sameType(a, b, true) ? a : widerType(a, b)
  if (wider === undefined) {
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args)}" due to data type mismatch: Input to function \`${name}\` should have been two "MAP" with compatible key types, but the key types are ["${sqlTypeName(a)}", "${sqlTypeName(b)}"].`,
      { errorClass: 'DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES' },
    )
  }
  return wider
}

/** A map expression with its keys cast to `key`. */
function withKeyType(e: Expr, key: DataType): Expr {
  const type = dataTypeOf(e) as MapType
  return sameType(type.keyType, key, true) ? e : castTo(e, MapType(key, type.valueType, type.valueContainsNull))
}

const mapZipWith: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [3, 3],
  lambdaParams: (args, position) => {
    if (position !== 2) return undefined
    const key = keyType('map_zip_with', args)
    return [key, requireMap('map_zip_with', args, 0).valueType, requireMap('map_zip_with', args, 1).valueType]
  },
  resolve(args, name) {
    const key = keyType(name, args)
    const body = dataTypeOf((args[2] as { args: readonly Expr[] }).args[0]!)
    return {
      args: [withKeyType(args[0]!, key), withKeyType(args[1]!, key), args[2]!],
      dataType: MapType(key, body, true),
      nullable: true,
    }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const [a, b] = [materialize(args[0]!, n), materialize(args[1]!, n)]
    const [oa, ob] = [a.valueOffsets as Int32Array, b.valueOffsets as Int32Array]
    const [va, vb] = [validityOf(a), validityOf(b)]
    const [ka, kb] = [a.children[0]!.children[0]!, b.children[0]!.children[0]!]
    const type = call.dataType as MapType
    const [keyOfA, keyOfB] = [rowKey(ka, type.keyType), rowKey(kb, type.keyType)]
    // Entry t of the result: its key is a's entry left[t], or b's entry fromB[t] for keys only b has; its values are
    // a's entry left[t] and b's entry right[t] (-1: NULL).
    const left: number[] = []
    const right: number[] = []
    const fromB: number[] = []
    const rows: number[] = []
    const offsets = new Int32Array(n + 1)
    const valid = new Uint8Array((n + 7) >> 3)
    const seen = new BigMap<unknown, number>()
    for (let r = 0; r < n; r++) {
      if ((va === null || bitAt(va, r)) && (vb === null || bitAt(vb, r))) {
        valid[r >> 3]! |= 1 << (r & 7)
        seen.clear()
        for (let j = oa[r]!; j < oa[r + 1]!; j++) {
          seen.set(keyOfA(j), left.length)
          left.push(j)
          right.push(-1)
          fromB.push(-1)
          rows.push(r)
        }
        for (let j = ob[r]!; j < ob[r + 1]!; j++) {
          const at = seen.get(keyOfB(j))
          if (at !== undefined) right[at] = j
          else {
            left.push(-1)
            right.push(j)
            fromB.push(j)
            rows.push(r)
          }
        }
      }
      offsets[r + 1] = rows.length
    }
    const m = rows.length
    // Keys: a's key where the entry came from a, else b's.
    const keyIndex = new Int32Array(m)
    const aKeys = take(
      ka,
      Int32Array.from(left, (j, t) => (fromB[t]! >= 0 ? -1 : j)),
    )
    const bKeys = take(kb, Int32Array.from(fromB))
    for (let t = 0; t < m; t++) keyIndex[t] = fromB[t]! >= 0 ? m + t : t
    const keys = take(concatColumns([aKeys, bKeys]), keyIndex)
    const values = [
      take(a.children[0]!.children[1]!, Int32Array.from(left)),
      take(b.children[0]!.children[1]!, Int32Array.from(right)),
    ]
    const results = materialize(evaluatorOf(args[2]!)([keys, ...values], Int32Array.from(rows), m), m)
    return mapColumn(type, offsets, keys, results, valid)
  },
}

export const mapZipWithFunctions: Record<string, ScalarFunction & HigherOrder> = { map_zip_with: mapZipWith }
