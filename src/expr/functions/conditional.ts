// Null handling and choices: coalesce, nvl, nullif, if, greatest, least, nanvl.
import { bitAt, type Column, numbersOf, numericColumn, stringsOf, validityOf } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { DOUBLE, isNumeric, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, nullableOf } from '../expression.js'
import { castTo, coerceArgs, coerceToCommonType } from './coercion.js'
import { typed } from './define.js'
import { comparisonType } from './predicates.js'
import type { ScalarFunction } from './spec.js'
import { materialize, pickPerRow } from './vector.js'

/** Row i takes the first argument that is not null there. */
const coalesce: ScalarFunction = {
  kind: 'scalar',
  arity: [1, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    const { args: coerced, type } = coerceToCommonType(name, args)
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

/** `if(cond, a, b)`: a where cond is true, else b (null cond → b). */
const ifFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [3, 3],
  resolve(args, name) {
    const [condition] = coerceArgs(name, [args[0]!], ['boolean'])
    const { args: values, type } = coerceToCommonType(name, args.slice(1))
    return { args: [condition!, ...values], dataType: type, nullable: values.some(nullableOf) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const [condition, a, b] = args.map((v) => materialize(v, n)) as [Column, Column, Column]
    const validity = validityOf(condition)
    const bits = condition.values as Uint8Array
    const pick = new Int32Array(n)
    for (let i = 0; i < n; i++) pick[i] = (validity === null || bitAt(validity, i)) && bitAt(bits, i) ? 0 : 1
    return pickPerRow([a, b], pick, call.dataType)
  },
}

/** nullif(a, b): null where a = b, else a. */
const nullif: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const common = comparisonType(dataTypeOf(args[0]!), dataTypeOf(args[1]!))
    if (!common) throw new AnalysisException(`Cannot resolve "${name}" due to data type mismatch.`)
    return { args: [args[0]!, castTo(args[1]!, dataTypeOf(args[0]!))], dataType: dataTypeOf(args[0]!), nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const [a, b] = args.map((v) => materialize(v, n)) as [Column, Column]
    const type = call.dataType
    const key = (c: Column) =>
      isNumeric(type) || type.kind === 'date' || type.kind === 'timestamp' ? Array.from(numbersOf(c)) : stringsOf(c)
    const [ka, kb] = [key(a), key(b)]
    const [va, vb] = [validityOf(a), validityOf(b)]
    const pick = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const bothValid = (va === null || bitAt(va, i)) && (vb === null || bitAt(vb, i))
      pick[i] = bothValid && ka[i] === kb[i] ? -1 : 0
    }
    return pickPerRow([a], pick, type)
  },
}

/** greatest / least over numeric-like or string arguments, skipping nulls. */
function extreme(greatest: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, Number.POSITIVE_INFINITY],
    resolve(args, name) {
      const { args: coerced, type } = coerceToCommonType(name, args)
      if (['array', 'map', 'struct', 'binary', 'boolean'].includes(type.kind)) {
        throw new AnalysisException(
          `Cannot resolve "${name}" due to data type mismatch: ${sqlTypeName(type)} is not orderable here.`,
        )
      }
      return { args: coerced, dataType: type, nullable: coerced.every(nullableOf) }
    },
    kernel(args, ctx, call) {
      const n = ctx.length
      const columns = args.map((a) => materialize(a, n))
      const textual = call.dataType.kind === 'string'
      const values = columns.map((c) => (textual ? stringsOf(c) : numbersOf(c))) as ArrayLike<string | number | null>[]
      const validities = columns.map(validityOf)
      const pick = new Int32Array(n).fill(-1)
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < columns.length; k++) {
          const validity = validities[k]!
          if (validity !== null && !bitAt(validity, i)) continue
          const best = pick[i]!
          const v = values[k]![i]!
          if (best < 0 || (greatest ? v > values[best]![i]! : v < values[best]![i]!)) pick[i] = k
        }
      }
      return pickPerRow(columns, pick, call.dataType)
    },
  }
}

export const conditionalFunctions = {
  coalesce,
  nvl: coalesce,
  ifnull: coalesce,
  if: ifFunction,
  nullif,
  greatest: extreme(true),
  least: extreme(false),
  nanvl: typed(['numeric', 'numeric'], DOUBLE, (args, ctx) => {
    const n = ctx.length
    const [a, b] = args.map((v) => materialize(v, n)) as [Column, Column]
    const [x, y] = [numbersOf(a), numbersOf(b)]
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(x[i]!) ? y[i]! : x[i]!
    return numericColumn(DOUBLE, out, validityOf(a))
  }),
} satisfies Record<string, ScalarFunction>
