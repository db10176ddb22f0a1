import { columnsOf, numbersOf, type RecordBatch, validityOf } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import {
  type EvalContext,
  isScalar,
  materialize,
  pickPerRow,
  Scalar,
  scalarAt,
  type Vec,
} from '../expr/functions/vector.js'
import { canonicalKey, isDeterministic } from './canonical.js'
import { compileLambda, lambdaReadsRow } from './compile-lambda.js'
import { type Attribute, dataTypeOf, type Expr, type ExprOf, type ExprTable, handlerFor } from './expression.js'
import { castVec } from './functions/cast.js'
import { isLambda } from './functions/higher-order.js'
import { lookupFunction } from './functions/registry.js'
import { splitElement } from './functions/split-element.js'
import { translatedLength } from './functions/string-bytes.js'
import { ConstantWindows, slideStart, windowColumn } from './functions/windows.js'
import { computeGuarded, GUARDED_ARGUMENTS, type RowsNeeding, rowsWhere } from './guarded-args.js'
import { handedResult, handOnResults } from './handed-results.js'
import { inSetKernel } from './in-set-kernel.js'
import { sqlText } from './sql-text.js'

export type Kernel = (batch: RecordBatch, ctx: EvalContext) => Vec

/**
 * The most elements a constant array or map is folded with: a JS value of millions of elements takes seconds to
 * build (and V8 refuses one past ~10^8), so a larger constant is computed per batch as a column instead.
 */
const MAX_FOLDED_ELEMENTS = 1 << 16

/**
 * Evaluates `kernel` once on one row and returns the result as a scalar (for all-constant arguments), or undefined
 * for an array or map too large to hold as a JS value.
 */
function foldToScalar(
  kernel: (ctx: EvalContext) => Vec,
  ctx: EvalContext,
  type: Parameters<typeof scalarAt>[1],
): Scalar | undefined {
  const result = kernel({ ...ctx, length: 1 })
  if (isScalar(result)) return result
  const nested = (type.kind === 'array' || type.kind === 'map') && result.children[0]!.length > MAX_FOLDED_ELEMENTS
  return nested ? undefined : scalarAt(result, type, 0)
}

/**
 * The result of a computation over scalars, kept while the scalars are the same objects (a literal's scalar is, in
 * every batch) and the session time zone is the same: constant subexpressions are computed once per query, not per
 * batch. A per-batch scalar (current_timestamp) is a new object each batch, so it is recomputed.
 */
class ConstantResult<T extends Vec | undefined = Vec> {
  private inputs: readonly Vec[] = []
  private zone = ''
  private computed = false
  private result: T | undefined

  get(inputs: readonly Vec[], ctx: EvalContext, compute: () => T): T {
    const same =
      this.computed &&
      ctx.zone === this.zone &&
      inputs.length === this.inputs.length &&
      inputs.every((v, i) => v === this.inputs[i])
    if (!same) {
      this.result = compute()
      this.computed = true
      this.inputs = inputs
      this.zone = ctx.zone
    }
    return this.result as T
  }
}

export function compileExpr(e: Expr, input: readonly Attribute[]): Kernel {
  return compileShared(e, input, new Map())
}

/**
 * Kernels for several expressions that share their common subexpressions: each is computed once per batch.
 *
 * The rule (Spark's subexpression elimination, adapted): a deterministic computation that occurs more than once is
 * computed once per batch, over all its rows, and every occurrence reads that result. Nondeterministic ones
 * (rand, uuid, shuffle, a nondeterministic UDF, or anything containing one) are computed at each occurrence, as
 * Spark does. Sharing changes only how often a computation runs, never whether: the shared kernel runs where its
 * first occurrence would have, over the same batch, so it raises no error unshared evaluation would not (a guarded
 * occurrence that fails is computed again over its rows, a new batch, which does not read the shared result).
 */
export function compileExprs(exprs: readonly Expr[], input: readonly Attribute[]): Kernel[] {
  const shared: Shared = new Map()
  return exprs.map((e) => compileShared(e, input, shared))
}

/** The key under which a computation's result is shared: its canonical form and its type. */
const resultKey = (e: Expr) => `${canonicalKey(e)}:${JSON.stringify(dataTypeOf(e))}`

/**
 * A computation compiled once for all its occurrences: remembers its result for the last (batch, context) it was
 * given, and takes it from a filter's handed-on results (handed-results.ts) when the batch came with them.
 */
class SharedResult {
  private batch: RecordBatch | undefined
  private ctx: EvalContext | undefined
  private result: Vec | undefined

  constructor(
    readonly key: string,
    private readonly kernel: Kernel,
  ) {}

  readonly run: Kernel = (batch, ctx) => {
    if (batch !== this.batch || ctx !== this.ctx) {
      this.result = handedResult(batch, this.key, ctx) ?? this.kernel(batch, ctx)
      this.batch = batch
      this.ctx = ctx
    }
    return this.result!
  }

  /** The result for (batch, ctx) if it was computed; never computes it. */
  peek(batch: RecordBatch, ctx: EvalContext): Vec | undefined {
    return batch === this.batch && ctx === this.ctx ? this.result : undefined
  }
}

type Shared = Map<string, SharedResult>

/** Compiles `e`, reusing the kernel of an identical deterministic computation compiled before under `shared`. */
function compileShared(e: Expr, input: readonly Attribute[], shared: Shared): Kernel {
  if (e.kind === 'Attribute' || e.kind === 'Literal' || e.kind === 'Alias' || e.kind === 'SortOrder') {
    return compileNode(e, input, shared)
  }
  if (!isDeterministic(e)) return compileNode(e, input, shared)
  const key = resultKey(e)
  let result = shared.get(key)
  if (!result) {
    result = new SharedResult(key, compileNode(e, input, shared))
    shared.set(key, result)
  }
  return result.run
}

const notARowExpression = (e: Expr): never => {
  throw new IllegalStateException(`Cannot evaluate ${e.kind} ${sqlText(e)} as a row expression`)
}

/**
 * How each kind compiles, once per query: the closures returned are the per-batch kernels, so nothing here runs per
 * row. Unresolved nodes, aggregates (compiled by the aggregate operators) and session windows (assigned by the
 * session window operator) are not row expressions.
 */
const compilers: ExprTable<Kernel, [input: readonly Attribute[], shared: Shared]> = {
  ColumnRef: notARowExpression,
  Star: notARowExpression,
  Call: notARowExpression,
  Agg: notARowExpression,
  // Computed by the Window operator, which replaces it with its output column.
  WindowExpr: notARowExpression,
  SessionWindow: notARowExpression,
  Attribute: (e, input) => {
    const index = input.findIndex((a) => a.id === e.id)
    if (index < 0)
      throw new IllegalStateException(
        `Couldn't find ${e.name}#${e.id} in [${input.map((a) => `${a.name}#${a.id}`).join(',')}]`,
      )
    return (batch) => columnsOf(batch)[index]!
  },
  Literal: (e) => {
    const scalar = new Scalar(e.value, e.dataType)
    return () => scalar
  },
  Alias: (e, input, shared) => compileShared(e.child, input, shared),
  SortOrder: (e, input, shared) => compileShared(e.child, input, shared),
  Cast: (e, input, shared) => {
    const child = compileShared(e.child, input, shared)
    const from = dataTypeOf(e.child)
    const constant = new ConstantResult()
    return (batch, ctx) => {
      const value = child(batch, ctx)
      if (!isScalar(value)) return castVec(value, from, e.to, ctx)
      return constant.get([value], ctx, () => castVec(value, from, e.to, ctx))
    }
  },
  Fn: (e, input, shared) => {
    const found = lookupFunction(e.name)
    if (found?.kind !== 'scalar') throw new IllegalStateException(`${e.name} is not a scalar function`)
    const fused = splitElement(e) ?? translatedLength(e)
    const { kernel, perBatch } = fused
      ? { kernel: (values: readonly Vec[], ctx: EvalContext) => fused.kernel(values[0]!, ctx), perBatch: false }
      : found.spec
    const args = (fused ? [fused.text] : e.args).map((a) =>
      isLambda(a) ? compileLambda(a, input) : compileShared(a, input, shared),
    )
    // A lambda reading the row's columns makes the call depend on the row even over constant arrays.
    const foldable = !perBatch && !e.args.some((a) => isLambda(a) && lambdaReadsRow(a))
    const constant = new ConstantResult<Scalar | undefined>()
    let tooLargeToFold = false
    const guard = GUARDED_ARGUMENTS[e.name]
    return (batch, ctx) => {
      const values = guard ? guardedValues(args, guard, batch, ctx) : args.map((a) => a(batch, ctx))
      if (foldable && !tooLargeToFold && ctx.length > 0 && values.length > 0 && values.every(isScalar)) {
        const folded = constant.get(values, ctx, () => foldToScalar((one) => kernel(values, one, e), ctx, e.dataType))
        if (folded !== undefined) return folded
        tooLargeToFold = true
      }
      return kernel(values, ctx, e)
    }
  },
  CaseWhen: (e, input, shared) => compileCaseWhen(e, input, shared),
  InSet: (e, input, shared) => {
    const child = compileShared(e.child, input, shared)
    const kernel = inSetKernel(e.set)
    return (batch, ctx) => kernel(materialize(child(batch, ctx), ctx.length))
  },
  TimeWindow: (e, input, shared) => {
    // Tumbling windows are a scalar: [ts - (ts - start) mod w, + w). Sliding windows are expanded by an operator.
    const time = compileShared(e.timeColumn, input, shared)
    const constants = new ConstantWindows()
    return (batch, ctx) => {
      const value = time(batch, ctx)
      if (isScalar(value) && typeof value.value === 'number') {
        // One time for every row (a processing-time window over current_timestamp()): one window.
        return constants.column(slideStart(value.value, e.slideMicros, e.startMicros), e.windowMicros, ctx.length)
      }
      const column = materialize(value, ctx.length)
      const ts = numbersOf(column)
      const starts = new Float64Array(ctx.length)
      const inverse = 1 / e.slideMicros
      for (let i = 0; i < ctx.length; i++) starts[i] = slideStart(ts[i]!, e.slideMicros, e.startMicros, inverse)
      return windowColumn(starts, e.windowMicros, validityOf(column))
    }
  },
}

/** The arguments of a function whose later arguments only some rows need (guarded-args.ts), in order. */
function guardedValues(args: readonly Kernel[], guard: RowsNeeding, batch: RecordBatch, ctx: EvalContext): Vec[] {
  const values: Vec[] = []
  for (const [k, arg] of args.entries()) {
    values.push(k === 0 ? arg(batch, ctx) : computeGuarded(arg, batch, ctx, () => guard(values, k, ctx.length)))
  }
  return values
}

const compileNode = (e: Expr, input: readonly Attribute[], shared: Shared): Kernel =>
  handlerFor(compilers, e)(e, input, shared)

function compileCaseWhen(e: ExprOf<'CaseWhen'>, input: readonly Attribute[], shared: Shared): Kernel {
  const conditions = e.branches.map(([c]) => compileShared(c, input, shared))
  const values = e.branches.map(([, v]) => compileShared(v, input, shared))
  const otherwise = e.otherwise ? compileShared(e.otherwise, input, shared) : undefined
  const type = dataTypeOf(e)
  const none = new Scalar(null, type)
  return (batch, ctx) => {
    const n = ctx.length
    const pick = new Int32Array(n).fill(-1)
    const taken = new Uint8Array(values.length + 1)
    let open = n
    for (let k = 0; k < conditions.length && open > 0; k++) {
      // Rows an earlier condition took do not compute this one (guarded-args.ts).
      const computed = computeGuarded(conditions[k]!, batch, ctx, () => rowsWhere(n, (i) => pick[i] === -1))
      const condition = materialize(computed, n)
      const bits = condition.values as Uint8Array
      const validity = validityOf(condition)
      // The rows where the condition is true, eight at a time: bytes with no true row are skipped whole.
      for (let byte = 0; byte < (n + 7) >> 3; byte++) {
        let word = bits[byte]! & (validity === null ? 0xff : validity[byte]!)
        while (word !== 0) {
          const i = (byte << 3) + 31 - Math.clz32(word & -word)
          word &= word - 1
          if (i < n && pick[i] === -1) {
            pick[i] = k
            taken[k] = 1
            open--
          }
        }
      }
    }
    if (otherwise && open > 0) {
      for (let i = 0; i < n; i++) if (pick[i] === -1) pick[i] = values.length
      taken[values.length] = 1
    }
    // A branch no row takes is not computed (as Spark computes a row's branch only): raise_error() there stays
    // silent. A branch some row takes is computed over the whole batch, and if that fails, over its rows only.
    const branch = (value: Kernel, k: number) =>
      taken[k] ? computeGuarded(value, batch, ctx, () => rowsWhere(n, (i) => pick[i] === k)) : none
    const results = values.map(branch)
    if (otherwise) results.push(branch(otherwise, values.length))
    return pickPerRow(results, pick, type)
  }
}

/** Compiles a predicate into a function returning the indices of rows where it is true (not false, not null). */
export function compilePredicate(
  e: Expr,
  input: readonly Attribute[],
): (batch: RecordBatch, ctx: EvalContext) => Int32Array | 'all' | 'none' {
  return compileFilter(e, input, []).select
}

export type Selection = Int32Array | 'all' | 'none'

/** A filter's compiled condition, and how it hands on what it computed to the operator above (handed-results.ts). */
export interface FilterKernel {
  /** The rows of `batch` where the condition is true. */
  readonly select: (batch: RecordBatch, ctx: EvalContext) => Selection
  /** Whether `handOn` may hand anything on (the kept batch must then be a new object: see FilterExec). */
  readonly handsOn: boolean
  /** Hands the results of `handOn` computations that `select` computed for `batch` on to `kept`, its rows `selection`. */
  readonly handOn: (kept: RecordBatch, batch: RecordBatch, selection: Int32Array | 'all', ctx: EvalContext) => void
}

/**
 * Compiles a filter's condition; `handOn` are the computations the projection above it repeats (canonical.ts:
 * commonSubexpressions): those the condition computed for a batch are handed on with the rows kept.
 */
export function compileFilter(condition: Expr, input: readonly Attribute[], handOn: readonly Expr[]): FilterKernel {
  const shared: Shared = new Map()
  const kernel = compileShared(condition, input, shared)
  const handed = handOn.map((e) => shared.get(resultKey(e))).filter((r) => r !== undefined)
  return {
    select: (batch, ctx) => selectionOf(kernel(batch, ctx), ctx.length),
    handsOn: handed.length > 0,
    handOn(kept, batch, selection, ctx) {
      if (handed.length === 0) return
      const results = new Map<string, Vec>()
      for (const result of handed) {
        const value = result.peek(batch, ctx)
        if (value !== undefined) results.set(result.key, value)
      }
      handOnResults(kept, selection === 'all' ? null : selection, results, ctx)
    },
  }
}

/** The rows (ascending) where a boolean result is true (not NULL), or 'all' / 'none'; a byte of the bitmap at a time. */
export function selectionOf(result: Vec, n: number): Selection {
  if (isScalar(result)) return result.value === true ? 'all' : 'none'
  const bits = result.values as Uint8Array
  const validity = validityOf(result)
  const selected = new Int32Array(n)
  let count = 0
  for (let byte = 0; byte < (n + 7) >> 3; byte++) {
    let word = bits[byte]! & (validity === null ? 0xff : validity[byte]!)
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word)
      const i = (byte << 3) + bit
      if (i < n) selected[count++] = i
      word &= word - 1
    }
  }
  return count === n ? 'all' : count === 0 ? 'none' : selected.subarray(0, count)
}
