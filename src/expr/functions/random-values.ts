// uniform(min, max[, seed]) and randstr(length[, seed]) (Spark 4.0): values from the same XORShiftRandom sequence
// as rand(seed), restarted for each batch as Spark restarts it for each partition of each task.
import { numericColumn, Utf8Builder } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, DOUBLE, FLOAT, INTEGER, LONG, SHORT, STRING, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText } from './coercion.js'
import { XorShiftRandom } from './random.js'
import type { ScalarFunction } from './spec.js'
import { isScalar } from './vector.js'

const ordinals = ['first', 'second', 'third']

/** The seed Spark draws when none is given (at analysis, so one query keeps one sequence). */
const randomSeed = () => literal(Math.floor(Math.random() * 2 ** 53) - 2 ** 52, LONG)

function mismatch(name: string, args: readonly Expr[], index: number, required: string, foldable: boolean) {
  const arg = args[index]!
  const names = name === 'uniform' ? ['min', 'max', 'seed'] : ['length', 'seed']
  return new AnalysisException(
    foldable
      ? `Cannot resolve "${callText(name, args)}" due to data type mismatch: The ${ordinals[index]} parameter requires the ${required} type, however "${sqlText(arg)}" has the type "${sqlTypeName(dataTypeOf(arg))}".`
      : `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input ${names[index]} should be a foldable ${required} expression; however, got "${sqlText(arg)}".`,
    { errorClass: foldable ? 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' : 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
  )
}

const numberKinds = ['short', 'integer', 'long', 'float', 'double']
const integerKinds = ['short', 'integer', 'long']

/** Uniform's result type: the widest integer type when both bounds are integers, else FLOAT or DOUBLE. */
function uniformType(min: DataType, max: DataType): DataType {
  const kinds = [min.kind, max.kind]
  if (kinds.every((k) => integerKinds.includes(k)))
    return kinds.includes('long') ? LONG : kinds.includes('integer') ? INTEGER : SHORT
  return kinds.includes('double') ? DOUBLE : FLOAT
}

const seedOf = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))

/** uniform(min, max[, seed]): CAST(min + (max - min) * rand(seed) AS type) with constant bounds. */
const uniform: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const full = args.length === 2 ? [...args, randomSeed()] : args
    full.forEach((arg, index) => {
      const required = 'integer or floating-point'
      if (arg.kind !== 'Literal') throw mismatch(name, full, index, required, false)
      if (!numberKinds.includes(dataTypeOf(arg).kind)) throw mismatch(name, full, index, required, true)
    })
    return { args: full, dataType: uniformType(dataTypeOf(full[0]!), dataTypeOf(full[1]!)), nullable: false }
  },
  perBatch: true,
  kernel(args, ctx, call) {
    const [min, max, seed] = args.map((a) => (isScalar(a) ? a.value : null))
    const low = Number(min)
    const span = Number(max) - low
    const rng = new XorShiftRandom(seedOf(seed))
    const out = new (call.dataType.kind === 'float' ? Float32Array : Float64Array)(ctx.length)
    const integral = integerKinds.includes(call.dataType.kind)
    for (let i = 0; i < ctx.length; i++) {
      const value = low + span * rng.nextDouble()
      out[i] = integral ? Math.trunc(value) : value
    }
    if (call.dataType.kind === 'short' || call.dataType.kind === 'integer') {
      const ints = new (call.dataType.kind === 'short' ? Int16Array : Int32Array)(ctx.length)
      for (let i = 0; i < ctx.length; i++) ints[i] = out[i]!
      return numericColumn(call.dataType, ints, null, 0)
    }
    return numericColumn(call.dataType, out, null, 0)
  },
}

/** The 30 characters randstr draws from: Spark takes |nextInt() % 30| over 0-9, a-j, A-J. */
const POOL = new TextEncoder().encode('0123456789abcdefghijABCDEFGHIJ')

/** randstr(length[, seed]): a string of `length` characters drawn uniformly from POOL; never NULL. */
const randstr: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    const full = args.length === 1 ? [...args, randomSeed()] : args
    full.forEach((arg, index) => {
      const kind = dataTypeOf(arg).kind
      const valid =
        arg.kind === 'Literal' && (kind === 'short' || kind === 'integer' || (index === 1 && kind === 'long'))
      if (!valid) throw mismatch(name, full, index, 'constant value of INT or SMALLINT', true)
    })
    const length = Number((full[0] as { value: unknown }).value ?? 0)
    if (length < 0) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, full)}" due to data type mismatch: The \`length\` must be between 0 and 2147483647 (current value = ${length}).`,
        { errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' },
      )
    }
    return { args: full, dataType: STRING, nullable: false }
  },
  perBatch: true,
  kernel(args, ctx) {
    const [length, seed] = args.map((a) => (isScalar(a) ? a.value : null))
    const size = Math.max(0, Number(length ?? 0))
    const rng = new XorShiftRandom(seedOf(seed))
    const text = new Uint8Array(size)
    const out = new Utf8Builder(ctx.length, ctx.length * size)
    for (let i = 0; i < ctx.length; i++) {
      for (let k = 0; k < size; k++) text[k] = POOL[Math.abs(rng.nextInt() % 30)]!
      out.appendBytes(text)
    }
    return out.finish()
  },
}

export const randomValueFunctions = { uniform, randstr } satisfies Record<string, ScalarFunction>
