// Array functions built as index plans: each row's output elements are picked by index from the input elements (and
// from appended values), then one take() gathers them all. Covers array_size, get, array_max/min, array_position,
// array_remove, array_compact, array_repeat, array_append/prepend/insert and the set functions.
import {
  bitAt,
  boolColumn,
  type Column,
  compareNumbers,
  concatColumns,
  listColumn,
  newBitmap,
  numericColumn,
  rowComparator,
  setBit,
  take,
  validityOf,
} from '../../arrow/index.js'
import { BigSet } from '../../common/big-set.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { ArrayType, BOOLEAN, type DataType, INTEGER, LONG, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { MAX_ARRAY_ELEMENTS, parameterTooLarge, resultTooLarge } from './array-limits.js'
import { rowKey } from './arrays.js'
import { callText, castTo, coerceArgs, tightestType, widerType } from './coercion.js'
import { numbersOver } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, materialize, type Vec } from './vector.js'

const isSet = (bits: Uint8Array | null, i: number) => bits === null || bitAt(bits, i)

/** The argument as an ARRAY, or Spark's UNEXPECTED_INPUT_TYPE error naming parameter `index`. */
function arrayArg(name: string, args: readonly Expr[], index = 0): ArrayType {
  const type = dataTypeOf(args[index]!)
  if (type.kind === 'array') return type
  throw new AnalysisException(
    `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter ${index + 1} requires the ` +
      `"ARRAY" type, however "${sqlText(args[index]!)}" has the type "${sqlTypeName(type)}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

/**
 * The array and the value cast to a common element type (array_append, array_position, ...), without string
 * promotion as Spark's (`findTightestCommonType`): an ARRAY<INT> and a STRING have none.
 */
function arrayAndElement(name: string, args: readonly Expr[], arrayIndex: number, valueIndex: number): Expr[] {
  const array = arrayArg(name, args, arrayIndex)
  const valueType = dataTypeOf(args[valueIndex]!)
  const common = valueType.kind === 'null' ? array.elementType : tightestType(array.elementType, valueType)
  if (common === undefined) {
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args)}" due to data type mismatch: Input to \`${name}\` should have been ` +
        `"ARRAY" followed by a value with same element type, but it's ["${sqlTypeName(array)}", "${sqlTypeName(valueType)}"].`,
      { errorClass: 'DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES' },
    )
  }
  const out = [...args]
  out[arrayIndex] = castTo(args[arrayIndex]!, ArrayType(common, array.containsNull))
  out[valueIndex] = castTo(args[valueIndex]!, common)
  return out
}

/** The most elements a list column of one batch holds (Arrow's 32-bit offsets). */
const MAX_LIST_COLUMN_ELEMENTS = 2 ** 31 - 1

/**
 * Output rows as picks into a source column: `picks[0, size)` holds indices (-1 = NULL element), `offsets` the row
 * bounds. The picks grow in a typed array, and a batch needing more than a list column holds is a typed error.
 */
class Plan {
  picks = new Int32Array(256)
  size = 0
  readonly offsets: Int32Array
  readonly valid: Uint8Array

  constructor(
    readonly rows: number,
    /** The function, for the error when the result outgrows a column. */
    readonly fn: string,
  ) {
    this.offsets = new Int32Array(rows + 1)
    this.valid = newBitmap(rows)
  }

  /** Makes room for `count` more picks. */
  reserve(count: number): void {
    const need = this.size + count
    if (need <= this.picks.length) return
    if (need > MAX_LIST_COLUMN_ELEMENTS) {
      throw new SparkRuntimeException(
        `The result of ${this.fn} needs ${need} elements, more than an array column of one batch holds (${MAX_LIST_COLUMN_ELEMENTS}).`,
      )
    }
    const grown = new Int32Array(Math.max(need, Math.min(this.picks.length * 2, MAX_LIST_COLUMN_ELEMENTS)))
    grown.set(this.picks.subarray(0, this.size))
    this.picks = grown
  }

  push(index: number): void {
    if (this.size === this.picks.length) this.reserve(1)
    this.picks[this.size++] = index
  }

  /** Picks `index` `count` times (-1: NULL elements). */
  repeat(index: number, count: number): void {
    if (count <= 0) return
    this.reserve(count)
    this.picks.fill(index, this.size, this.size + count)
    this.size += count
  }

  /** Picks the indices [start, end). */
  range(start: number, end: number): void {
    if (end <= start) return
    this.reserve(end - start)
    for (let j = start; j < end; j++) this.picks[this.size++] = j
  }

  /** Ends row i (valid unless `isNull`). */
  end(i: number, isNull = false): void {
    this.offsets[i + 1] = this.size
    if (!isNull) setBit(this.valid, i)
  }

  column(type: DataType, source: Column): Column {
    return listColumn(type, this.offsets, take(source, this.picks.subarray(0, this.size)), this.valid)
  }
}

interface Lists {
  column: Column
  child: Column
  offsets: Int32Array
  valid: Uint8Array | null
  childValid: Uint8Array | null
}

function lists(v: Vec, ctx: EvalContext): Lists {
  const column = materialize(v, ctx.length)
  const child = column.children[0]!
  return {
    column,
    child,
    offsets: column.valueOffsets as Int32Array,
    valid: validityOf(column),
    childValid: validityOf(child),
  }
}

/** array_size(arr): the number of elements, NULL for a NULL array. */
const arraySize: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    // A NULL literal is accepted as an array<void> (Spark's ImplicitTypeCasts), giving NULL.
    return { args: coerceArgs(name, args, ['array']), dataType: INTEGER }
  },
  kernel(args, ctx) {
    const { offsets, valid } = lists(args[0]!, ctx)
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = offsets[i + 1]! - offsets[i]!
    return numericColumn(INTEGER, out, valid)
  },
}

/** get(arr, index): the element at 0-based `index`, NULL out of range (never an error). */
const get: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const type = arrayArg(name, args)
    return { args: [args[0]!, coerceArgs(name, [args[1]!], [INTEGER])[0]!], dataType: type.elementType, nullable: true }
  },
  kernel(args, ctx) {
    const { child, offsets, valid } = lists(args[0]!, ctx)
    const index = numbersOver(args[1]!, ctx.length)
    const indexValid = combinedValidity([args[1]!], ctx.length)
    const picks = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const k = index[i]!
      const inside = isSet(valid, i) && isSet(indexValid, i) && k >= 0 && k < offsets[i + 1]! - offsets[i]!
      picks[i] = inside ? offsets[i]! + k : -1
    }
    return take(child, picks)
  },
}

/** array_max / array_min: the extreme non-null element under Spark's ordering (NaN above all doubles). */
function arrayExtreme(max: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 1],
    resolve: (args, name) => ({ args, dataType: arrayArg(name, args).elementType, nullable: true }),
    kernel(args, ctx, call) {
      const { child, offsets, valid, childValid } = lists(args[0]!, ctx)
      const compare = rowComparator(call.dataType, child, child)
      const picks = new Int32Array(ctx.length).fill(-1)
      for (let i = 0; i < ctx.length; i++) {
        if (!isSet(valid, i)) continue
        for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
          if (!isSet(childValid, j)) continue
          const best = picks[i]!
          if (best < 0 || (max ? compare(j, best) > 0 : compare(j, best) < 0)) picks[i] = j
        }
      }
      return take(child, picks)
    },
  }
}

/** Equality of element j of `child` and row i of `values`, through rowKey (NaN equals NaN, -0.0 equals 0.0). */
function equalsValue(child: Column, values: Column, type: DataType) {
  const left = rowKey(child, type)
  const right = rowKey(values, type)
  const numeric = typeof left(0) === 'number'
  return (j: number, i: number) =>
    numeric ? compareNumbers(left(j) as number, right(i) as number) === 0 : left(j) === right(i)
}

/** array_position(arr, value): 1-based BIGINT position of the first element equal to value; 0 if none. */
const arrayPosition: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ args: arrayAndElement(name, args, 0, 1), dataType: LONG }),
  kernel(args, ctx, call) {
    const { child, offsets, childValid } = lists(args[0]!, ctx)
    const values = materialize(args[1]!, ctx.length)
    const equal = equalsValue(child, values, (dataTypeOf(call.args[0]!) as ArrayType).elementType)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (isSet(childValid, j) && child.length > 0 && equal(j, i)) {
          out[i] = j - offsets[i]! + 1
          break
        }
      }
    }
    return numericColumn(LONG, out, combinedValidity(args, ctx.length))
  },
}

/** array_remove(arr, value): arr without the elements equal to value (NULL elements stay). */
const arrayRemove: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const coerced = arrayAndElement(name, args, 0, 1)
    return { args: coerced, dataType: dataTypeOf(coerced[0]!) }
  },
  kernel(args, ctx, call) {
    const { child, offsets, childValid } = lists(args[0]!, ctx)
    const values = materialize(args[1]!, ctx.length)
    const valid = combinedValidity(args, ctx.length)
    const equal = equalsValue(child, values, (call.dataType as ArrayType).elementType)
    const plan = new Plan(ctx.length, call.name)
    for (let i = 0; i < ctx.length; i++) {
      if (isSet(valid, i)) {
        for (let j = offsets[i]!; j < offsets[i + 1]!; j++) if (!isSet(childValid, j) || !equal(j, i)) plan.push(j)
      }
      plan.end(i, !isSet(valid, i))
    }
    return plan.column(call.dataType, child)
  },
}

/** array_compact(arr): arr without its NULL elements. */
const arrayCompact: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve: (args, name) => ({ args, dataType: ArrayType(arrayArg(name, args).elementType, false) }),
  kernel(args, ctx, call) {
    const { child, offsets, valid, childValid } = lists(args[0]!, ctx)
    const plan = new Plan(ctx.length, call.name)
    for (let i = 0; i < ctx.length; i++) {
      if (isSet(valid, i)) for (let j = offsets[i]!; j < offsets[i + 1]!; j++) if (isSet(childValid, j)) plan.push(j)
      plan.end(i, !isSet(valid, i))
    }
    return plan.column(call.dataType, child)
  },
}

/** array_repeat(value, count): `count` copies of value (none for count <= 0); NULL when count is NULL. */
const arrayRepeat: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const count = coerceArgs(name, [args[1]!], [INTEGER])[0]!
    return { args: [args[0]!, count], dataType: ArrayType(dataTypeOf(args[0]!)) }
  },
  kernel(args, ctx, call) {
    const values = materialize(args[0]!, ctx.length)
    const counts = numbersOver(args[1]!, ctx.length)
    const countValid = combinedValidity([args[1]!], ctx.length)
    const plan = new Plan(ctx.length, call.name)
    let total = 0
    for (let i = 0; i < ctx.length; i++) {
      if (!isSet(countValid, i)) continue
      if (counts[i]! > MAX_ARRAY_ELEMENTS) throw parameterTooLarge(counts[i]!, 'count', 'array_repeat')
      total += Math.max(0, counts[i]!)
    }
    plan.reserve(total)
    for (let i = 0; i < ctx.length; i++) {
      if (isSet(countValid, i)) plan.repeat(i, counts[i]!)
      plan.end(i, !isSet(countValid, i))
    }
    return plan.column(call.dataType, values)
  },
}

/**
 * array_append / array_prepend / array_insert: the elements with the value placed at a 1-based position (negative
 * counts from the end, -1 after the last element); a position past either end pads with NULLs (Spark 3.4+).
 */
function insertion(kind: 'append' | 'prepend' | 'insert'): ScalarFunction {
  const valueIndex = kind === 'insert' ? 2 : 1
  return {
    kind: 'scalar',
    arity: [valueIndex + 1, valueIndex + 1],
    resolve(args, name) {
      const coerced = arrayAndElement(name, args, 0, valueIndex)
      if (kind === 'insert') coerced[1] = coerceArgs(name, [args[1]!], [INTEGER])[0]!
      return { args: coerced, dataType: ArrayType((dataTypeOf(coerced[0]!) as ArrayType).elementType, true) }
    },
    kernel(args, ctx, call) {
      const n = ctx.length
      const { child, offsets, valid } = lists(args[0]!, ctx)
      const values = materialize(args[valueIndex]!, n)
      const positions = kind === 'insert' ? numbersOver(args[1]!, n) : null
      const positionValid = kind === 'insert' ? combinedValidity([args[1]!], n) : null
      const plan = new Plan(n, call.name)
      // The value of row i sits at child.length + i in the concatenation below.
      const valueAt = child.length
      for (let i = 0; i < n; i++) {
        if (!isSet(valid, i) || !isSet(positionValid, i)) {
          plan.end(i, true)
          continue
        }
        const start = offsets[i]!
        const length = offsets[i + 1]! - start
        let at = kind === 'append' ? length : kind === 'prepend' ? 0 : positions![i]!
        if (kind === 'insert') {
          if (at === 0) {
            throw new SparkRuntimeException(
              'The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).',
              { errorClass: 'INVALID_INDEX_OF_ZERO' },
            )
          }
          at = at > 0 ? at - 1 : length + at + 1
        }
        // A position past either end pads with NULLs: the result has length + 1 + |padding| elements.
        const resultLength = at < 0 ? length + 1 - at : Math.max(length + 1, at + 1)
        if (resultLength > MAX_ARRAY_ELEMENTS) throw resultTooLarge(resultLength, call.name)
        if (at < 0) {
          plan.push(valueAt + i)
          plan.repeat(-1, -at)
          plan.range(start, start + length)
        } else {
          plan.range(start, start + Math.min(at, length))
          plan.repeat(-1, at - length)
          plan.push(valueAt + i)
          plan.range(start + at, start + length)
        }
        plan.end(i)
      }
      return plan.column(call.dataType, concatColumns([child, values]))
    },
  }
}

/** Spark's array set operations keep the first occurrence order and one NULL. */
type SetOp = 'union' | 'intersect' | 'except'

function setOperation(op: SetOp): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve(args, name) {
      const a = arrayArg(name, args, 0)
      const b = arrayArg(name, args, 1)
      const element = widerType(a.elementType, b.elementType)
      if (element === undefined) {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: Input to function \`${name}\` should ` +
            `have been two "ARRAY" with same element type, but it's ["${sqlTypeName(a)}", "${sqlTypeName(b)}"].`,
          { errorClass: 'DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES' },
        )
      }
      const type = ArrayType(element, a.containsNull || b.containsNull)
      return { args: args.map((e) => castTo(e, type)), dataType: type }
    },
    kernel(args, ctx, call) {
      const left = lists(args[0]!, ctx)
      const right = lists(args[1]!, ctx)
      const elements = concatColumns([left.child, right.child])
      const key = rowKey(elements, (call.dataType as ArrayType).elementType)
      const elementValid = validityOf(elements)
      const shift = left.child.length
      const valid = combinedValidity(args, ctx.length)
      const plan = new Plan(ctx.length, call.name)
      const seen = new BigSet<unknown>()
      const other = new BigSet<unknown>()
      for (let i = 0; i < ctx.length; i++) {
        if (!isSet(valid, i)) {
          plan.end(i, true)
          continue
        }
        seen.clear()
        other.clear()
        let otherHasNull = false
        for (let j = right.offsets[i]! + shift; j < right.offsets[i + 1]! + shift; j++) {
          if (isSet(elementValid, j)) other.tryAdd(key(j))
          else otherHasNull = true
        }
        let sawNull = false
        const offer = (j: number, wanted: (k: unknown, isNull: boolean) => boolean) => {
          const isNull = !isSet(elementValid, j)
          const k = isNull ? null : key(j)
          if (!wanted(k, isNull) || (isNull ? sawNull : !seen.tryAdd(k))) return
          if (isNull) sawNull = true
          plan.push(j)
        }
        for (let j = left.offsets[i]!; j < left.offsets[i + 1]!; j++) {
          offer(j, (k, isNull) =>
            op === 'union'
              ? true
              : op === 'intersect'
                ? isNull
                  ? otherHasNull
                  : other.has(k)
                : isNull
                  ? !otherHasNull
                  : !other.has(k),
          )
        }
        if (op === 'union')
          for (let j = right.offsets[i]! + shift; j < right.offsets[i + 1]! + shift; j++) offer(j, () => true)
        plan.end(i)
      }
      return plan.column(call.dataType, elements)
    },
  }
}

/** arrays_overlap(a, b): true if they share a non-null element; NULL if not but either holds a NULL; else false. */
const intersect = setOperation('intersect')
const arraysOverlap: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ ...intersect.resolve(args, name), dataType: BOOLEAN, nullable: true }),
  kernel(args, ctx, call) {
    const n = ctx.length
    const intersection = intersect.kernel(args, ctx, {
      ...call,
      dataType: dataTypeOf(call.args[0]!),
    }) as Column
    const common = intersection.valueOffsets as Int32Array
    const left = lists(args[0]!, ctx)
    const right = lists(args[1]!, ctx)
    const valid = combinedValidity(args, n)
    const bits = newBitmap(n)
    const resultValid = newBitmap(n)
    const hasNull = (l: Lists, i: number) => {
      for (let j = l.offsets[i]!; j < l.offsets[i + 1]!; j++) if (!isSet(l.childValid, j)) return true
      return false
    }
    for (let i = 0; i < n; i++) {
      if (!isSet(valid, i)) continue
      const commonChild = intersection.children[0]!
      const commonValid = validityOf(commonChild)
      let found = false
      for (let j = common[i]!; j < common[i + 1]!; j++) if (isSet(commonValid, j)) found = true
      const empty = left.offsets[i + 1] === left.offsets[i] || right.offsets[i + 1] === right.offsets[i]
      if (found) setBit(bits, i)
      if (found || empty || !(hasNull(left, i) || hasNull(right, i))) setBit(resultValid, i)
    }
    return boolColumn(bits, n, resultValid)
  },
}

export const arrayOpFunctions = {
  array_size: arraySize,
  get,
  array_max: arrayExtreme(true),
  array_min: arrayExtreme(false),
  array_position: arrayPosition,
  array_remove: arrayRemove,
  array_compact: arrayCompact,
  array_repeat: arrayRepeat,
  array_append: insertion('append'),
  array_prepend: insertion('prepend'),
  array_insert: insertion('insert'),
  array_union: setOperation('union'),
  array_intersect: intersect,
  array_except: setOperation('except'),
  arrays_overlap: arraysOverlap,
} satisfies Record<string, ScalarFunction>
