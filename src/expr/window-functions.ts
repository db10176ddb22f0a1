// The functions that exist only over a window (row_number, rank, lag, ...): arity, result type and fixed frame.
import { AnalysisException } from '../common/errors.js'
import { type DataType, DOUBLE, INTEGER, sqlTypeName } from '../types/data-types.js'
import { dataTypeOf, type Expr, type FrameBound, literal, type WindowFrame } from './expression.js'
import { castTo, coerceToCommonType } from './functions/coercion.js'
import type { Resolution } from './functions/spec.js'

/** What a window function is; `frame` is the frame it always runs over (a user frame must match it), if any. */
export interface WindowFunction {
  readonly arity: readonly [min: number, max: number]
  readonly resolve: (args: readonly Expr[], name: string) => Resolution
  /** The frame Spark fixes for it, given the resolved arguments; undefined: the window's frame (nth_value). */
  readonly frame?: (args: readonly Expr[]) => WindowFrame
  /** Spark requires an ORDER BY in the window (every one of these but nth_value). */
  readonly ordered: boolean
}

const unboundedPreceding: FrameBound = { kind: 'UnboundedPreceding' }
const currentRow: FrameBound = { kind: 'CurrentRow' }
const runningRows: WindowFrame = { type: 'rows', lower: unboundedPreceding, upper: currentRow }
const runningRange: WindowFrame = { type: 'range', lower: unboundedPreceding, upper: currentRow }

/** A positive (or, for lag/lead/nth_value, non-negative) integer literal argument. */
function intLiteral(e: Expr | undefined, name: string, what: string, fallback: number): number {
  if (e === undefined) return fallback
  const type = dataTypeOf(e)
  const integral = type.kind === 'integer' || type.kind === 'short' || type.kind === 'byte' || type.kind === 'long'
  if (e.kind !== 'Literal' || !integral || e.value === null) {
    throw new AnalysisException(
      `Cannot resolve "${name}" due to data type mismatch: The ${what} must be a constant integer, but got "${sqlTypeName(type)}".`,
      { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
    )
  }
  return Number(e.value)
}

const ranking = (dataType: DataType = INTEGER, frame: WindowFrame = runningRows): WindowFunction => ({
  arity: [0, 0],
  resolve: () => ({ args: [], dataType, nullable: false }),
  frame: () => frame,
  ordered: true,
})

/** lag(input, offset = 1, default = NULL) and lead: the row `offset` before (after) the current one. */
const offsetFunction = (direction: -1 | 1): WindowFunction => ({
  arity: [1, 3],
  resolve: (args, name) => {
    const [input, offsetArg, defaultArg] = args
    const offset = intLiteral(offsetArg, name, 'offset', 1)
    const { args: coerced } = coerceToCommonType(
      name,
      [input!, defaultArg ?? literal(null, dataTypeOf(input!))],
      'list',
      () => name,
    )
    const dataType = dataTypeOf(coerced[0]!)
    return {
      args: [castTo(coerced[0]!, dataType), literal(offset, INTEGER), castTo(coerced[1]!, dataType)],
      dataType,
      nullable: true,
    }
  },
  frame: (args) => {
    const offset = direction * Number((args[1] as { value: number }).value)
    const bound: FrameBound = { kind: 'Offset', value: literal(offset, INTEGER), preceding: false }
    return { type: 'rows', lower: bound, upper: bound }
  },
  ordered: true,
})

export const windowFunctions: Readonly<Record<string, WindowFunction>> = {
  row_number: ranking(),
  rank: ranking(),
  dense_rank: ranking(),
  percent_rank: ranking(DOUBLE),
  cume_dist: ranking(DOUBLE, runningRange),
  ntile: {
    arity: [1, 1],
    resolve: (args, name) => {
      const buckets = intLiteral(args[0], name, 'buckets', 1)
      if (buckets <= 0) {
        throw new AnalysisException(
          `Cannot resolve "ntile(${buckets})" due to data type mismatch: The buckets must be positive, but got ${buckets}.`,
          { errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' },
        )
      }
      return { args: [literal(buckets, INTEGER)], dataType: INTEGER, nullable: false }
    },
    frame: () => runningRows,
    ordered: true,
  },
  lag: offsetFunction(-1),
  lead: offsetFunction(1),
  nth_value: {
    arity: [2, 3],
    resolve: (args, name) => {
      const n = intLiteral(args[1], name, 'offset', 1)
      if (n <= 0) {
        throw new AnalysisException(
          `Cannot resolve "${name}" due to data type mismatch: The offset must be positive, but got ${n}.`,
          { errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' },
        )
      }
      const input = args[0]!
      return { args: [input, literal(n, INTEGER)], dataType: dataTypeOf(input), nullable: true }
    },
    ordered: false,
  },
}

/** The window function of that name (case-insensitive), if it is one. */
export function lookupWindowFunction(name: string): WindowFunction | undefined {
  const lower = name.toLowerCase()
  return Object.hasOwn(windowFunctions, lower) ? windowFunctions[lower] : undefined
}
