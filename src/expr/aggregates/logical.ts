// Boolean and bitwise aggregates and product: bool_and (every), bool_or (some, any), count_if, bit_and, bit_or,
// bit_xor (on the 64-bit two's complement words, so BIGINT values stay exact) and product.
import { type Column, TWO_32 } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { BOOLEAN, type DataType, DOUBLE, isIntegral, LONG, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { callText, coerceArgs } from '../functions/coercion.js'
import { int64Words } from '../functions/radix.js'
import { sqlText } from '../sql-text.js'
import { type FloatAggregate, FloatStateAccumulator } from './float-state.js'
import type { AggregateFunction } from './spec.js'

/** One 0/1 per row from a boolean column's value bits. */
function booleans(column: Column, rows: number): Uint8Array {
  const bits = column.values as Uint8Array
  const out = new Uint8Array(rows)
  for (let i = 0; i < rows; i++) out[i] = (bits[i >> 3]! >> (i & 7)) & 1
  return out
}

const isValid = (valid: Uint8Array | null, i: number) => valid === null || ((valid[i >> 3]! >> (i & 7)) & 1) === 1

/** Spark's error for a boolean aggregate over another type. */
function requireBoolean(name: string, args: Parameters<AggregateFunction['resolve']>[0]) {
  const t = dataTypeOf(args[0]!)
  if (t.kind !== 'boolean' && t.kind !== 'null') {
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the "BOOLEAN" type, ` +
        `however "${sqlText(args[0]!)}" has the type "${sqlTypeName(t)}".`,
      { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
    )
  }
  return coerceArgs(name, args, ['boolean'])
}

/** bool_and / bool_or: state [seen, result]; NULL when no non-null input. */
function boolAggregate(all: boolean): AggregateFunction {
  const def: FloatAggregate = {
    slots: 2,
    resultType: BOOLEAN,
    read: booleans,
    update(state, ids, rows, inputs, valid) {
      const [seen, result] = state as [Float64Array, Float64Array]
      const values = inputs[0]!
      for (let i = 0; i < rows; i++) {
        if (!isValid(valid, i)) continue
        const g = ids[i]!
        const v = values[i]!
        result[g] = seen[g] === 0 ? v : all ? result[g]! & v : result[g]! | v
        seen[g] = 1
      }
    },
    merge(state, into, from) {
      const [seen, result] = state as [Float64Array, Float64Array]
      if (seen[from] === 0) return
      result[into] =
        seen[into] === 0 ? result[from]! : all ? result[into]! & result[from]! : result[into]! | result[from]!
      seen[into] = 1
    },
    finish: (state, g) => (state[0]![g] === 0 ? null : state[1]![g]!),
  }
  return {
    kind: 'aggregate',
    arity: [1, 1],
    resolve: (args, name) => ({ args: requireBoolean(name, args), dataType: BOOLEAN, nullable: true }),
    create: () => new FloatStateAccumulator(def),
  }
}

/** count_if(cond): the rows where cond is true, as BIGINT (0 for none). */
const countIf: AggregateFunction = {
  kind: 'aggregate',
  arity: [1, 1],
  resolve: (args, name) => ({ args: requireBoolean(name, args), dataType: LONG, nullable: false }),
  create: () =>
    new FloatStateAccumulator({
      slots: 1,
      resultType: LONG,
      read: booleans,
      update(state, ids, rows, inputs, valid) {
        const counts = state[0]!
        const values = inputs[0]!
        for (let i = 0; i < rows; i++) if (isValid(valid, i)) counts[ids[i]!]! += values[i]!
      },
      merge: (state, into, from) => {
        state[0]![into]! += state[0]![from]!
      },
      finish: (state, g) => state[0]![g]!,
    }),
}

type BitOp = (a: number, b: number) => number

/** bit_and / bit_or / bit_xor over int64 words: state [seen, low word, high word]; the result has the input's type. */
function bitAggregate(op: BitOp): AggregateFunction {
  const def: FloatAggregate = {
    slots: 3,
    read: (column, rows) => int64Words(column, rows),
    update(state, ids, rows, inputs, valid) {
      const [seen, lo, hi] = state as [Float64Array, Float64Array, Float64Array]
      const words = inputs[0]!
      for (let i = 0; i < rows; i++) {
        if (!isValid(valid, i)) continue
        const g = ids[i]!
        if (seen[g] === 0) {
          lo[g] = words[2 * i]!
          hi[g] = words[2 * i + 1]!
          seen[g] = 1
        } else {
          lo[g] = op(lo[g]!, words[2 * i]!) >>> 0
          hi[g] = op(hi[g]!, words[2 * i + 1]!) >>> 0
        }
      }
    },
    merge(state, into, from) {
      const [seen, lo, hi] = state as [Float64Array, Float64Array, Float64Array]
      if (seen[from] === 0) return
      if (seen[into] === 0) {
        lo[into] = lo[from]!
        hi[into] = hi[from]!
        seen[into] = 1
      } else {
        lo[into] = op(lo[into]!, lo[from]!) >>> 0
        hi[into] = op(hi[into]!, hi[from]!) >>> 0
      }
    },
    // The high word read as signed gives the two's complement value (exact within ±2^53).
    finish: (state, g) => (state[0]![g] === 0 ? null : (state[2]![g]! | 0) * TWO_32 + state[1]![g]!),
  }
  return {
    kind: 'aggregate',
    arity: [1, 1],
    resolve(args, name) {
      const t = dataTypeOf(args[0]!)
      const coerced = isIntegral(t) ? [...args] : coerceArgs(name, args, ['integral'])
      return { args: coerced, dataType: dataTypeOf(coerced[0]!), nullable: true }
    },
    create: (call) => new FloatStateAccumulator({ ...def, resultType: call.dataType as DataType }),
  }
}

/** product(x): the product of the non-null values as DOUBLE; NULL when there are none. */
const product: AggregateFunction = {
  kind: 'aggregate',
  arity: [1, 1],
  resolve: (args, name) => ({ args: coerceArgs(name, args, [DOUBLE]), dataType: DOUBLE, nullable: true }),
  create: () =>
    new FloatStateAccumulator({
      slots: 2,
      initial: [0, 1],
      update(state, ids, rows, inputs, valid) {
        const [seen, result] = state as [Float64Array, Float64Array]
        const values = inputs[0]!
        for (let i = 0; i < rows; i++) {
          if (!isValid(valid, i)) continue
          const g = ids[i]!
          result[g]! *= values[i]!
          seen[g] = 1
        }
      },
      merge(state, into, from) {
        if (state[0]![from] === 0) return
        state[1]![into]! *= state[1]![from]!
        state[0]![into] = 1
      },
      finish: (state, g) => (state[0]![g] === 0 ? null : state[1]![g]!),
    }),
}

export const logicalAggregates: Record<string, AggregateFunction> = {
  bool_and: boolAggregate(true),
  bool_or: boolAggregate(false),
  count_if: countIf,
  bit_and: bitAggregate((a, b) => a & b),
  bit_or: bitAggregate((a, b) => a | b),
  bit_xor: bitAggregate((a, b) => a ^ b),
  product,
}

// every/some/any are entries of their own, so the column is named after the name called, as in Spark.
logicalAggregates.every = logicalAggregates.bool_and!
logicalAggregates.some = logicalAggregates.bool_or!
logicalAggregates.any = logicalAggregates.bool_or!
