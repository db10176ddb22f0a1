import { bitAt, type Column, columnsOf, numbersOf, type RecordBatch, validityOf } from '../arrow/index.js'
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
import { type Attribute, dataTypeOf, type Expr } from './expression.js'
import { castVec } from './functions/cast.js'
import { lookupFunction } from './functions/registry.js'
import { slideStart, windowColumn } from './functions/windows.js'
import { sqlText } from './sql-text.js'

export type Kernel = (batch: RecordBatch, ctx: EvalContext) => Vec

/** Evaluates `kernel` once on one row and returns the result as a scalar (for all-constant arguments). */
function foldToScalar(
  kernel: (ctx: EvalContext) => Vec,
  ctx: EvalContext,
  type: Parameters<typeof scalarAt>[1],
): Scalar {
  const result = kernel({ ...ctx, length: 1 })
  return isScalar(result) ? result : scalarAt(result, type, 0)
}

export function compileExpr(e: Expr, input: readonly Attribute[]): Kernel {
  switch (e.kind) {
    case 'Attribute': {
      const index = input.findIndex((a) => a.id === e.id)
      if (index < 0)
        throw new IllegalStateException(
          `Couldn't find ${e.name}#${e.id} in [${input.map((a) => `${a.name}#${a.id}`).join(',')}]`,
        )
      return (batch) => columnsOf(batch)[index]!
    }
    case 'Literal': {
      const scalar = new Scalar(e.value, e.dataType)
      return () => scalar
    }
    case 'Alias':
    case 'SortOrder':
      return compileExpr(e.child, input)
    case 'Cast': {
      const child = compileExpr(e.child, input)
      const from = dataTypeOf(e.child)
      return (batch, ctx) => castVec(child(batch, ctx), from, e.to, ctx)
    }
    case 'Fn': {
      const found = lookupFunction(e.name)
      if (found?.kind !== 'scalar') throw new IllegalStateException(`${e.name} is not a scalar function`)
      const { kernel, perBatch } = found.spec
      const args = e.args.map((a) => compileExpr(a, input))
      return (batch, ctx) => {
        const values = args.map((a) => a(batch, ctx))
        if (!perBatch && values.length > 0 && values.every(isScalar)) {
          return foldToScalar((one) => kernel(values, one, e), ctx, e.dataType)
        }
        return kernel(values, ctx, e)
      }
    }
    case 'CaseWhen':
      return compileCaseWhen(e, input)
    case 'TimeWindow': {
      // Tumbling windows are a scalar: [ts - (ts - start) mod w, + w). Sliding windows are expanded by an operator.
      const time = compileExpr(e.timeColumn, input)
      return (batch, ctx) => {
        const column = materialize(time(batch, ctx), ctx.length)
        const ts = numbersOf(column)
        const starts = new Float64Array(ctx.length)
        for (let i = 0; i < ctx.length; i++) starts[i] = slideStart(ts[i]!, e.slideMicros, e.startMicros)
        return windowColumn(starts, e.windowMicros, validityOf(column))
      }
    }
    default:
      throw new IllegalStateException(`Cannot evaluate ${e.kind} ${sqlText(e)} as a row expression`)
  }
}

function compileCaseWhen(e: Extract<Expr, { kind: 'CaseWhen' }>, input: readonly Attribute[]): Kernel {
  const conditions = e.branches.map(([c]) => compileExpr(c, input))
  const values = e.branches.map(([, v]) => compileExpr(v, input))
  const otherwise = e.otherwise ? compileExpr(e.otherwise, input) : undefined
  const type = dataTypeOf(e)
  return (batch, ctx) => {
    const n = ctx.length
    const pick = new Int32Array(n).fill(-1)
    let open = n
    for (let k = 0; k < conditions.length && open > 0; k++) {
      const condition = materialize(conditions[k]!(batch, ctx), n)
      const bits = condition.values as Uint8Array
      const validity = validityOf(condition)
      for (let i = 0; i < n; i++) {
        if (pick[i] === -1 && bitAt(bits, i) && (validity === null || bitAt(validity, i))) {
          pick[i] = k
          open--
        }
      }
    }
    if (otherwise) for (let i = 0; i < n; i++) if (pick[i] === -1) pick[i] = values.length
    const columns: Column[] = values.map((v) => materialize(v(batch, ctx), n))
    if (otherwise) columns.push(materialize(otherwise(batch, ctx), n))
    return pickPerRow(columns, pick, type)
  }
}

/** Compiles a predicate into a function returning the indices of rows where it is true (not false, not null). */
export function compilePredicate(
  e: Expr,
  input: readonly Attribute[],
): (batch: RecordBatch, ctx: EvalContext) => Int32Array | 'all' | 'none' {
  const kernel = compileExpr(e, input)
  return (batch, ctx) => {
    const result = kernel(batch, ctx)
    if (isScalar(result)) return result.value === true ? 'all' : 'none'
    const bits = result.values as Uint8Array
    const validity = validityOf(result)
    const n = ctx.length
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
}
