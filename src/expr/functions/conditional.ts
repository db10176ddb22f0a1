// Null handling and choices: coalesce, nvl, nvl2, nullif, nullifzero, zeroifnull, if, greatest, least, nanvl.
import { bitAt, type Column, numbersOf, numericColumn, validityOf } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, DOUBLE, FLOAT, INTEGER, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal, nullableOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, castTo, coerceArgs, coerceToCommonType, wrongNumArgs } from './coercion.js'
import { typed } from './define.js'
import { compareValues, comparisonType } from './predicates.js'
import type { ScalarFunction } from './spec.js'
import { materialize, pickPerRow, Scalar } from './vector.js'

/** Row i takes the first argument that is not null there. */
const coalesce: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    if (args.length === 0) throw wrongNumArgs(name, args, '> 0')
    const { args: coerced, type } = coerceToCommonType(name, args, 'or')
    return { args: coerced, dataType: type, nullable: coerced.every(nullableOf) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const columns = args.map((a) => materialize(a, n))
    const pick = new Int32Array(n).fill(-1)
    columns.forEach((column, k) => {
      const validity = validityOf(column)
      for (let i = 0; i < n; i++) if (pick[i] === -1 && (validity === null || bitAt(validity, i))) pick[i] = k
    })
    return pick.every((p) => p === 0) ? columns[0]! : pickPerRow(columns, pick, call.dataType)
  },
}

/** `if(cond, a, b)`: a where cond is true, else b (null cond → b). The condition takes no implicit cast. */
const ifFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [3, 3],
  resolve(args, name) {
    const kind = dataTypeOf(args[0]!).kind
    const [condition] = kind === 'boolean' || kind === 'null' ? coerceArgs(name, [args[0]!], ['boolean']) : [undefined]
    if (!condition) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the "BOOLEAN" ` +
          `type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(dataTypeOf(args[0]!))}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    const { args: values, type } = coerceToCommonType(name, args.slice(1))
    return { args: [condition, ...values], dataType: type, nullable: values.some(nullableOf) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const condition = materialize(args[0]!, n)
    const validity = validityOf(condition)
    const bits = condition.values as Uint8Array
    const pick = new Int32Array(n)
    for (let i = 0; i < n; i++) pick[i] = (validity === null || bitAt(validity, i)) && bitAt(bits, i) ? 0 : 1
    return pickPerRow([args[1]!, args[2]!], pick, call.dataType)
  },
}

/**
 * nullif(a, b): Spark's `If(a = b, NULL, a)`, so equality follows `=` (NaN equals NaN). The second argument is cast to
 * the first's type, which keeps the result's type that of `a`.
 */
const nullif: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const [a, b] = args as [Expr, Expr]
    if (!comparisonType(dataTypeOf(a), dataTypeOf(b))) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: the left and right operands of the ` +
          `binary operator have incompatible types ("${sqlTypeName(dataTypeOf(a))}" and "${sqlTypeName(dataTypeOf(b))}").`,
        { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES' },
      )
    }
    return { args: [a, castTo(b, dataTypeOf(a))], dataType: dataTypeOf(a), nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const [a, b] = args.map((v) => materialize(v, n)) as [Column, Column]
    const equal = compareValues('eq', a, b, call.dataType, n)
    const [va, vb] = [validityOf(a), validityOf(b)]
    const pick = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const bothValid = (va === null || bitAt(va, i)) && (vb === null || bitAt(vb, i))
      pick[i] = bothValid && bitAt(equal, i) ? -1 : 0
    }
    return pickPerRow([a], pick, call.dataType)
  },
}

const unorderable = new Set(['map', 'null'])

/**
 * greatest / least: the extreme non-NULL argument under Spark's ordering (NaN above every double, false before true,
 * strings by UTF-8 bytes); NULL only when every argument is.
 */
function extreme(greatest: boolean): ScalarFunction {
  const op = greatest ? 'gt' : 'lt'
  return {
    kind: 'scalar',
    arity: [0, Number.POSITIVE_INFINITY],
    resolve(args, name) {
      if (args.length <= 1) throw wrongNumArgs(name, args, '> 1')
      const { args: coerced, type } = coerceToCommonType(name, args)
      if (unorderable.has(type.kind) && type.kind !== 'null') {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: The \`${name}\` does not support ` +
            `ordering on type "${sqlTypeName(type)}".`,
          { errorClass: 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE' },
        )
      }
      return { args: coerced, dataType: type, nullable: coerced.every(nullableOf) }
    },
    kernel(args, ctx, call) {
      const n = ctx.length
      const columns = args.map((a) => materialize(a, n))
      if (call.dataType.kind === 'null') return columns[0]!
      const pick = new Int32Array(n).fill(-1)
      const validities = columns.map(validityOf)
      // Column k replaces the current pick where it is valid and beats it: one columnar comparison per argument.
      const best = columns[0]!
      const first = validities[0]!
      for (let i = 0; i < n; i++) if (first === null || bitAt(first, i)) pick[i] = 0
      let current = best
      for (let k = 1; k < columns.length; k++) {
        const column = columns[k]!
        const validity = validities[k]!
        const beats = compareValues(op, column, current, call.dataType, n)
        for (let i = 0; i < n; i++) {
          if (validity !== null && !bitAt(validity, i)) continue
          if (pick[i]! < 0 || bitAt(beats, i)) pick[i] = k
        }
        current = pickPerRow(columns, pick, call.dataType)
      }
      return current
    },
  }
}

/** nanvl(a, b): b where a is NaN (even when b is NULL), else a; FLOAT only when both are FLOAT. */
const nanvl = typed(
  [DOUBLE, DOUBLE],
  DOUBLE,
  (args, ctx, call) => {
    const n = ctx.length
    const [a, b] = args.map((v) => materialize(v, n)) as [Column, Column]
    const [x, y] = [numbersOf(a), numbersOf(b)]
    const [va, vb] = [validityOf(a), validityOf(b)]
    const out = new (call.dataType.kind === 'float' ? Float32Array : Float64Array)(n)
    const valid = new Uint8Array((n + 7) >> 3)
    for (let i = 0; i < n; i++) {
      if (va !== null && !bitAt(va, i)) continue
      const nan = Number.isNaN(x[i]!)
      if (nan && vb !== null && !bitAt(vb, i)) continue
      out[i] = nan ? y[i]! : x[i]!
      valid[i >> 3]! |= 1 << (i & 7)
    }
    return numericColumn(call.dataType, out, valid)
  },
  { nullable: () => true },
)

/** nanvl's operands: FLOAT stays FLOAT when both are, anything else is computed in DOUBLE. */
const nanvlFunction: ScalarFunction = {
  ...nanvl,
  resolve(args, name) {
    const both = args.every((a) => dataTypeOf(a).kind === 'float')
    const type: DataType = both ? FLOAT : DOUBLE
    const coerced = coerceArgs(name, args, [type, type])
    return { args: coerced, dataType: type, nullable: coerced.some(nullableOf) }
  },
}

/** nvl2(a, b, c): b where a is not null, else c (b and c widened to a common type). */
const nvl2: ScalarFunction = {
  kind: 'scalar',
  arity: [3, 3],
  resolve(args, name) {
    const { args: values, type } = coerceToCommonType(name, args.slice(1))
    return { args: [args[0]!, ...values], dataType: type, nullable: values.some(nullableOf) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const validity = validityOf(materialize(args[0]!, n))
    const pick = new Int32Array(n)
    for (let i = 0; i < n; i++) pick[i] = validity === null || bitAt(validity, i) ? 0 : 1
    return pickPerRow([args[1]!, args[2]!], pick, call.dataType)
  },
}

/** Zero in the physical form of `type` (the text '0' for strings). */
const zeroOf = (type: DataType) => new Scalar(type.kind === 'string' ? '0' : 0, type)

/** zeroifnull(x): coalesce(x, 0), so an integral narrower than INT widens to INT. */
const zeroifnull: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const { args: coerced, type } = coerceToCommonType(name, [args[0]!, literal(0, INTEGER)], 'or')
    return { args: [coerced[0]!], dataType: type, nullable: false }
  },
  kernel: (args, ctx, call) => coalesce.kernel([args[0]!, zeroOf(call.dataType)], ctx, call),
}

/** nullifzero(x): nullif(x, 0), the zero cast to x's type. */
const nullifzero: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const { dataType } = nullif.resolve([args[0]!, literal(0, INTEGER)], name)
    return { args: [args[0]!], dataType, nullable: true }
  },
  kernel: (args, ctx, call) => nullif.kernel([args[0]!, zeroOf(call.dataType)], ctx, call),
}

export const conditionalFunctions = {
  coalesce,
  nvl: { ...coalesce, arity: [2, 2] },
  ifnull: { ...coalesce, arity: [2, 2] },
  if: ifFunction,
  nullif,
  greatest: extreme(true),
  least: extreme(false),
  nanvl: nanvlFunction,
  nvl2,
  zeroifnull,
  nullifzero,
} satisfies Record<string, ScalarFunction>
