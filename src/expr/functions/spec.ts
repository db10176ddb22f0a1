// What a built-in function is: arity, a resolver (argument coercion and result type) and a batch kernel.
import type { Column } from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import type { Expr, Fn } from '../expression.js'
import type { EvalContext, Vec } from './vector.js'

/** Arguments after implicit casts, and the result type. */
export interface Resolution {
  readonly args: readonly Expr[]
  readonly dataType: DataType
  /** Defaults to "any argument nullable". */
  readonly nullable?: boolean
}

export interface ScalarFunction {
  readonly kind: 'scalar'
  readonly arity: readonly [min: number, max: number]
  /** Coerces resolved arguments and computes the result type; throws AnalysisException on a type mismatch. */
  readonly resolve: (args: readonly Expr[], name: string) => Resolution
  /** Evaluates the function over a batch. Arguments are already coerced. */
  readonly kernel: (args: readonly Vec[], ctx: EvalContext, call: Fn) => Vec
  /** Spark's generated column name for the call, given the arguments' names; default `name(a, b)`. */
  readonly display?: (args: readonly string[], call: Fn) => string
  /** Not foldable at planning time (e.g. `current_timestamp()`, fixed per batch instead). */
  readonly perBatch?: boolean
}

export interface GeneratedColumn {
  readonly name: string
  readonly dataType: DataType
  readonly nullable: boolean
}

/** A function producing zero or more rows per input row (explode and friends). */
export interface GeneratorFunction {
  readonly kind: 'generator'
  readonly arity: readonly [min: number, max: number]
  readonly resolve: (
    args: readonly Expr[],
    name: string,
  ) => Resolution & { readonly output: readonly GeneratedColumn[] }
  /** `parentRows[k]` is the input row of output row k; one column per generated output. */
  readonly kernel: (args: readonly Vec[], ctx: EvalContext, call: Fn) => { parentRows: Int32Array; columns: Column[] }
  /** `explode_outer`: a row with nulls for empty or null input. */
  readonly outer: boolean
}
