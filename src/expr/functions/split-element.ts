// split(s, c[, limit])[i] and element_at(split(s, c[, limit]), i) fused into one pass over the UTF-8 bytes when the
// pattern is a single literal byte and the index a constant: the chosen part is copied, no other part is built.
import { bitAt, type Column, Utf8Builder, validityOf } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import type { Expr, Fn } from '../expression.js'
import { singleByteSeparator } from './regexp.js'
import { type EvalContext, materialize, type Vec } from './vector.js'

/** A fused kernel over the text's vector alone, with the text expression it reads. */
export interface SplitElement {
  readonly text: Expr
  readonly kernel: (text: Vec, ctx: EvalContext) => Vec
}

const literalValue = (e: Expr | undefined): unknown => (e?.kind === 'Literal' ? e.value : undefined)

/**
 * The fused form of `call` when it is get_item (0-based) or element_at (1-based, negative from the end) of a split
 * on one literal byte with a literal limit, at a literal integer index; undefined otherwise (the general path).
 */
export function splitElement(call: Fn): SplitElement | undefined {
  if (call.name !== 'get_item' && call.name !== 'element_at' && call.name !== 'try_element_at') return undefined
  const [container, ordinal] = call.args
  if (container?.kind !== 'Fn' || container.name !== 'split' || container.args.length !== 3) return undefined
  const [text, pattern, limitArg] = container.args
  const index = literalValue(ordinal)
  const limit = literalValue(limitArg)
  const patternText = literalValue(pattern)
  if (typeof index !== 'number' || typeof limit !== 'number' || typeof patternText !== 'string') return undefined
  const separator = singleByteSeparator(patternText)
  if (separator === undefined) return undefined
  const base = call.name === 'get_item' ? 0 : 1
  return {
    text: text!,
    kernel: (vec, ctx) => splitPartColumn(materialize(vec, ctx.length), separator, limit, index, base),
  }
}

/** Row by row, the part `index` (0- or 1-based; 1-based negative counts from the end) of the split, or NULL. */
function splitPartColumn(
  column: ReturnType<typeof materialize>,
  separator: number,
  limit: number,
  index: number,
  base: 0 | 1,
): Vec {
  const n = column.length
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const validity = validityOf(column)
  // Spark's split keeps trailing empty parts for a limit <= 0; a positive limit caps the parts, the last holding the rest.
  const maxSplits = limit > 0 ? limit - 1 : Number.POSITIVE_INFINITY
  const out = new Utf8Builder(n, Math.max(16, (offsets[n]! - offsets[0]!) >> 2))
  // A later part of the same split of the same column (split(url, '/')[3], [4], [5]) resumes where the last stopped.
  const wanted = base === 0 ? index : index - 1
  const last = index < 0 ? undefined : resumes.get(column)
  const resume = last && last.separator === separator && last.limit === limit && last.part < wanted ? last : undefined
  const next = index < 0 ? null : new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) {
      out.appendNull()
      continue
    }
    if (base === 1 && index === 0) throw zeroIndex()
    const start = offsets[i]!
    const end = offsets[i + 1]!
    let k = base === 0 ? index : index - 1
    if (index < 0) {
      if (base === 0) {
        out.appendNull()
        continue
      }
      let splits = 0
      for (let b = start; b < end && splits < maxSplits; b++) if (bytes[b] === separator) splits++
      k = splits + 1 + index
      if (k < 0) {
        out.appendNull()
        continue
      }
    }
    // Skip k separators (the parts before the chosen one), then end at the next separator or the row's end.
    let from = resume ? resume.next[i]! : start
    let part = resume ? resume.part + 1 : 0
    if (from < 0) {
      out.appendNull()
      continue
    }
    while (part < k && part < maxSplits) {
      while (from < end && bytes[from] !== separator) from++
      if (from === end) break
      from++
      part++
    }
    if (part < k) {
      out.appendNull()
      continue
    }
    let to = from
    if (part < maxSplits) while (to < end && bytes[to] !== separator) to++
    else to = end
    out.appendBytes(bytes, from, to)
    if (next !== null && part < maxSplits && to < end) next[i] = to + 1
  }
  if (next !== null) resumes.set(column, { separator, limit, part: wanted, next })
  return out.finish()
}

/** Where the last request for a part k >= 0 of a column's split stopped: per row, where part k + 1 starts (-1: none). */
interface Resume {
  readonly separator: number
  readonly limit: number
  readonly part: number
  readonly next: Int32Array
}

const resumes = new WeakMap<Column, Resume>()

function zeroIndex(): SparkRuntimeException {
  return new SparkRuntimeException(
    'The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).',
    { errorClass: 'INVALID_INDEX_OF_ZERO' },
  )
}
