// lpad/rpad: pad or cut a string to a length in characters (UTF8String.lpad/rpad), or binary values to a length in
// bytes when both the value and the padding are BINARY (ByteArray.lpad/rpad). Works on the UTF-8 bytes directly.
import { bitAt, checkStringValueBytes, Utf8Builder, validityOf, writeRepeated } from '../../arrow/index.js'
import { BINARY, INTEGER, STRING } from '../../types/data-types.js'
import { dataTypeOf, literal } from '../expression.js'
import { coerceArgs } from './coercion.js'
import { numbersOver } from './define.js'
import type { ScalarFunction } from './spec.js'
import { materialize } from './vector.js'

/** Byte offset just past `count` UTF-8 characters starting at `from` (stopping at `end`). */
function skipChars(bytes: Uint8Array, from: number, end: number, count: number): number {
  let pos = from
  for (let seen = 0; pos < end && seen < count; seen++) {
    pos++
    while (pos < end && (bytes[pos]! & 0xc0) === 0x80) pos++
  }
  return pos
}

function countChars(bytes: Uint8Array, from: number, end: number): number {
  let count = 0
  for (let k = from; k < end; k++) if ((bytes[k]! & 0xc0) !== 0x80) count++
  return count
}

/** Reused output buffer for one row. */
class RowBuffer {
  bytes = new Uint8Array(64)
  size = 0
  reset(): void {
    this.size = 0
  }
  push(source: Uint8Array, start: number, end: number): void {
    this.pushRepeated(source, start, end, 1)
  }
  /** Appends bytes[start, end) `times` times. */
  pushRepeated(source: Uint8Array, start: number, end: number, times: number): void {
    const from = this.size
    const total = (end - start) * times
    if (from + total > this.bytes.length) {
      const grown = new Uint8Array(Math.max(from + total, this.bytes.length * 2))
      grown.set(this.bytes.subarray(0, from))
      this.bytes = grown
    }
    writeRepeated(source, start, end, times, this.bytes, from)
    this.size = from + total
  }
}

function pad(left: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 3],
    resolve(args, name) {
      // LPadExpressionBuilder: binary padding only when the value (and the padding, if given) are BINARY.
      const binary =
        dataTypeOf(args[0]!).kind === 'binary' && (args.length === 2 || dataTypeOf(args[2]!).kind === 'binary')
      const padding = args[2] ?? (binary ? literal(new Uint8Array([0]), BINARY) : literal(' ', STRING))
      const coerced = binary
        ? [args[0]!, ...coerceArgs(name, [args[1]!], [INTEGER]), padding]
        : coerceArgs(name, [args[0]!, args[1]!, padding], ['string', INTEGER, 'string'])
      return { args: coerced, dataType: binary ? BINARY : STRING }
    },
    kernel(args, ctx, call) {
      const n = ctx.length
      const binary = call.dataType.kind === 'binary'
      const [value, padding] = [materialize(args[0]!, n), materialize(args[2]!, n)]
      const lengths = numbersOver(args[1]!, n)
      const [valueValid, lengthValid, padValid] = [
        validityOf(value),
        validityOf(materialize(args[1]!, n)),
        validityOf(padding),
      ]
      const [vOff, pOff] = [value.valueOffsets as Int32Array, padding.valueOffsets as Int32Array]
      const [vBytes, pBytes] = [value.values as Uint8Array, padding.values as Uint8Array]
      const out = new Utf8Builder(n, n * 8, binary)
      const row = new RowBuffer()
      for (let i = 0; i < n; i++) {
        if (
          (valueValid && !bitAt(valueValid, i)) ||
          (lengthValid && !bitAt(lengthValid, i)) ||
          (padValid && !bitAt(padValid, i))
        ) {
          out.appendNull()
          continue
        }
        const [vs, ve, ps, pe] = [vOff[i]!, vOff[i + 1]!, pOff[i]!, pOff[i + 1]!]
        const target = Math.max(0, lengths[i]!)
        const have = binary ? ve - vs : countChars(vBytes, vs, ve)
        if (target <= have || ps === pe) {
          // Cut to the length (or keep as is when there is nothing to pad with).
          out.appendBytes(vBytes, vs, binary ? vs + Math.min(target, have) : skipChars(vBytes, vs, ve, target))
          continue
        }
        // At least one byte per character: a target past the column limit fails before any copying.
        checkStringValueBytes(ve - vs + target - have, call.name)
        row.reset()
        if (!left) row.push(vBytes, vs, ve)
        let missing = target - have
        const padUnits = binary ? pe - ps : countChars(pBytes, ps, pe)
        row.pushRepeated(pBytes, ps, pe, Math.floor(missing / padUnits))
        missing %= padUnits
        row.push(pBytes, ps, binary ? ps + missing : skipChars(pBytes, ps, pe, missing))
        if (left) row.push(vBytes, vs, ve)
        out.appendBytes(row.bytes, 0, row.size)
      }
      return out.finish()
    },
  }
}

/** lpad(str, len[, pad]) and rpad(str, len[, pad]); pad defaults to a space (a zero byte for BINARY). */
export const padFunctions = {
  lpad: pad(true),
  rpad: pad(false),
} satisfies Record<string, ScalarFunction>
