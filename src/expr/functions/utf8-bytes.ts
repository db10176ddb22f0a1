// UTF-8 validity of strings' bytes (is_valid_utf8, make_valid_utf8, validate_utf8, try_validate_utf8) and
// to_binary / try_to_binary (hex, utf-8 or base64 text to BINARY), over the columns' byte buffers.
import { bitAt, boolColumn, newBitmap, nullColumn, setBit, Utf8Builder } from '../../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { BINARY, BOOLEAN, STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { coerceArgs } from './coercion.js'
import { stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar, materialize } from './vector.js'

/**
 * The length of the well-formed UTF-8 sequence at `at` (Unicode 15, Table 3-7), or minus the length of its maximal
 * ill-formed subpart (at least 1), which make_valid_utf8 replaces with one U+FFFD.
 */
function sequenceAt(bytes: Uint8Array, at: number, end: number): number {
  const b0 = bytes[at]!
  if (b0 < 0x80) return 1
  let length: number
  let low = 0x80
  let high = 0xbf
  if (b0 >= 0xc2 && b0 <= 0xdf) length = 2
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3
    if (b0 === 0xe0) low = 0xa0
    else if (b0 === 0xed) high = 0x9f
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4
    if (b0 === 0xf0) low = 0x90
    else if (b0 === 0xf4) high = 0x8f
  } else return -1
  for (let k = 1; k < length; k++) {
    const b = at + k < end ? bytes[at + k]! : -1
    const ok = k === 1 ? b >= low && b <= high : b >= 0x80 && b <= 0xbf
    if (!ok) return -k
  }
  return length
}

/** Whether bytes [start, end) are well-formed UTF-8. */
function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  for (let at = start; at < end; ) {
    const step = sequenceAt(bytes, at, end)
    if (step < 0) return false
    at += step
  }
  return true
}

const REPLACEMENT = new Uint8Array([0xef, 0xbf, 0xbd])

/** Per row of a string column: the row's bytes, or a repair, or an error, as `onInvalid` chooses. */
function validating(onInvalid: 'repair' | 'null' | 'fail'): ScalarFunction['kernel'] {
  return (args, ctx) => {
    const n = ctx.length
    const input = materialize(args[0]!, n)
    const offsets = input.valueOffsets as Int32Array
    const bytes = input.values as Uint8Array
    const valid = combinedValidity(args, n)
    const out = new Utf8Builder(n, offsets[n]! - offsets[0]!)
    for (let i = 0; i < n; i++) {
      const start = offsets[i]!
      const end = offsets[i + 1]!
      if (valid !== null && !bitAt(valid, i)) out.appendNull()
      else if (isValidUtf8(bytes, start, end)) out.appendBytes(bytes, start, end)
      else if (onInvalid === 'null') out.appendNull()
      else if (onInvalid === 'fail') throw invalidUtf8(bytes, start, end)
      else out.appendBytes(repaired(bytes, start, end))
    }
    return out.finish()
  }
}

/** The bytes with each maximal ill-formed subpart replaced by U+FFFD. */
function repaired(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(3 * (end - start))
  let size = 0
  for (let at = start; at < end; ) {
    const step = sequenceAt(bytes, at, end)
    if (step > 0) {
      out.set(bytes.subarray(at, at + step), size)
      size += step
      at += step
    } else {
      out.set(REPLACEMENT, size)
      size += 3
      at -= step
    }
  }
  return out.subarray(0, size)
}

/** Spark's INVALID_UTF8_STRING; the bytes are shown as printable ASCII or `\xHH`. */
function invalidUtf8(bytes: Uint8Array, start: number, end: number): SparkRuntimeException {
  let text = ''
  for (let k = start; k < end; k++) {
    const b = bytes[k]!
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return new SparkRuntimeException(`Invalid UTF8 byte sequence found in string: ${text}.`, {
    errorClass: 'INVALID_UTF8_STRING',
  })
}

const isValid = typed(['string_or_binary'], BOOLEAN, (args, ctx) => {
  const n = ctx.length
  const input = materialize(args[0]!, n)
  const offsets = input.valueOffsets as Int32Array
  const bytes = input.values as Uint8Array
  const bits = newBitmap(n)
  for (let i = 0; i < n; i++) if (isValidUtf8(bytes, offsets[i]!, offsets[i + 1]!)) setBit(bits, i)
  return boolColumn(bits, n, combinedValidity(args, n))
})

/** Spark's CONVERSION_INVALID_INPUT for to_binary on malformed text. */
function malformed(value: string, format: string): SparkRuntimeException {
  return new SparkRuntimeException(
    `The value '${value}' (${format}) cannot be converted to "BINARY" because it is malformed. Correct the value as ` +
      'per the syntax, or change its format. Use `try_to_binary` to tolerate malformed input and return NULL instead.',
    { errorClass: 'CONVERSION_INVALID_INPUT' },
  )
}

const HEX_VALUE = new Int8Array(128).fill(-1)
for (let d = 0; d < 16; d++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(d)] = d
}

/** unhex of the bytes [start, end): an odd length reads as if led by '0'; null when a character is not hex. */
function unhexInto(bytes: Uint8Array, start: number, end: number, out: Uint8Array): Uint8Array | null {
  const length = (end - start + 1) >> 1
  const odd = (end - start) & 1
  for (let k = 0; k < length; k++) {
    const hiAt = start + 2 * k - odd
    const hi = hiAt < start ? 0 : bytes[hiAt]! < 128 ? HEX_VALUE[bytes[hiAt]!]! : -1
    const lo = bytes[hiAt + 1]! < 128 ? HEX_VALUE[bytes[hiAt + 1]!]! : -1
    if (hi < 0 || lo < 0) return null
    out[k] = (hi << 4) | lo
  }
  return out.subarray(0, length)
}

/** RFC 4648 Base64, whitespace ignored, padding only at the end of a whole number of quads. */
function base64Bytes(text: string): Uint8Array | null {
  const compact = text.replace(/\s/g, '')
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/.test(compact)) return null
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

const FORMATS = ['hex', 'utf-8', 'utf8', 'base64']

/** to_binary(str[, fmt]) / try_to_binary: fmt is a constant 'hex' (default), 'utf-8'/'utf8' or 'base64'. */
function toBinary(tolerant: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 2],
    resolve(args, name) {
      const coerced = coerceArgs(name, args, ['string', 'string'])
      const format = coerced[1]
      if (format !== undefined) {
        const value = format.kind === 'Literal' ? format.value : undefined
        const known = value === null || FORMATS.includes(String(value).toLowerCase())
        // try_to_binary gives NULL for a constant format it does not know.
        if (format.kind !== 'Literal' || (!known && !tolerant)) {
          throw new AnalysisException(
            `The value of parameter(s) \`format\` in \`${name}\` is invalid: expects one of binary formats ` +
              `'base64', 'hex', 'utf-8', but got '${format.kind === 'Literal' ? String(value) : dataTypeOf(format).kind}'.`,
            { errorClass: 'INVALID_PARAMETER_VALUE.BINARY_FORMAT' },
          )
        }
      }
      return { args: coerced, dataType: BINARY, nullable: true }
    },
    kernel(args, ctx) {
      const n = ctx.length
      const format = args[1] && isScalar(args[1]) ? args[1].value : 'hex'
      const input = materialize(args[0]!, n)
      const kind = String(format).toLowerCase()
      if (format === null || !FORMATS.includes(kind)) return nullColumn(BINARY, n)
      const offsets = input.valueOffsets as Int32Array
      const bytes = input.values as Uint8Array
      const valid = combinedValidity(args, n)
      const out = new Utf8Builder(n, offsets[n]! - offsets[0]!, true)
      const scratch = new Uint8Array(((offsets[n]! - offsets[0]!) >> 1) + 1)
      const texts = kind === 'base64' ? stringsOfVec(input, n) : null
      for (let i = 0; i < n; i++) {
        const start = offsets[i]!
        const end = offsets[i + 1]!
        if (valid !== null && !bitAt(valid, i)) {
          out.appendNull()
          continue
        }
        if (kind === 'utf-8' || kind === 'utf8') {
          out.appendBytes(bytes, start, end)
          continue
        }
        const decoded = texts ? base64Bytes(texts[i]!) : unhexInto(bytes, start, end, scratch)
        if (decoded !== null) out.appendBytes(decoded)
        else if (tolerant) out.appendNull()
        else throw malformed(texts ? texts[i]! : stringsOfVec(input, n)[i]!, kind.toUpperCase())
      }
      return out.finish()
    },
  }
}

export const utf8ByteFunctions = {
  is_valid_utf8: isValid,
  make_valid_utf8: typed(['string_or_binary'], STRING, validating('repair')),
  validate_utf8: typed(['string_or_binary'], STRING, validating('fail')),
  try_validate_utf8: typed(['string_or_binary'], STRING, validating('null'), { nullable: () => true }),
  to_binary: toBinary(false),
  try_to_binary: toBinary(true),
} satisfies Record<string, ScalarFunction>
