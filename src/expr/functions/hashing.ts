// Hashes and encodings of bytes: md5, sha1, sha2, crc32, Spark's Murmur3 `hash`, base64, unbase64, encode, decode.
import { createHash } from 'node:crypto'
import { bitAt, type Column, numericColumn, sparkHash, Utf8Builder } from '../../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { BINARY, type DataType, INTEGER, LONG, STRING } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { callText, wrongNumArgs } from './coercion.js'
import { numbersOver, stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, materialize, type Vec } from './vector.js'

/** Row i's bytes of a BINARY (or UTF-8 STRING) column, as a view into the column's buffer. */
function bytesAt(column: Column, i: number): Uint8Array {
  const offsets = column.valueOffsets as Int32Array
  return (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
}

/** A STRING kernel computing one hex digest per non-null row of a BINARY argument. */
function digest(algorithm: (row: number) => string | null): ScalarFunction['kernel'] {
  return (args, ctx) => {
    const n = ctx.length
    const validity = combinedValidity(args, n)
    const builder = new Utf8Builder(n, n * 64)
    for (let i = 0; i < n; i++) {
      builder.append(validity !== null && !bitAt(validity, i) ? null : algorithm(i))
    }
    return builder.finish()
  }
}

function hexDigest(name: string): ScalarFunction {
  return typed([BINARY], STRING, (args, ctx, call) => {
    const input = materialize(args[0]!, ctx.length)
    return digest((i) => createHash(name).update(bytesAt(input, i)).digest('hex'))(args, ctx, call)
  })
}

const sha2Names: Record<number, string> = { 0: 'sha256', 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' }

/** sha2(bin, bits): SHA-224/256/384/512 as hex (0 means 256); any other bit length is NULL. */
const sha2 = typed(
  [BINARY, INTEGER],
  STRING,
  (args, ctx, call) => {
    const input = materialize(args[0]!, ctx.length)
    const bits = numbersOver(args[1]!, ctx.length)
    return digest((i) => {
      const name = sha2Names[bits[i]!]
      return name === undefined ? null : createHash(name).update(bytesAt(input, i)).digest('hex')
    })(args, ctx, call)
  },
  { nullable: () => true },
)

const crcTable = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})

/** crc32(bin): java.util.zip.CRC32 as an unsigned BIGINT. */
const crc32 = typed([BINARY], LONG, (args, ctx) => {
  const n = ctx.length
  const input = materialize(args[0]!, n)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const bytes = bytesAt(input, i)
    let c = -1
    for (let k = 0; k < bytes.length; k++) c = crcTable[(c ^ bytes[k]!) & 0xff]! ^ (c >>> 8)
    out[i] = (c ^ -1) >>> 0
  }
  return numericColumn(LONG, out, combinedValidity(args, n))
})

/** Spark's hash functions (hash, xxhash64) take one or more arguments, none of which may hold a MAP. */
export function checkHashable(name: string, args: readonly Expr[]): void {
  if (args.length === 0) throw wrongNumArgs(name, args, '> 0')
  const hasMap = (t: DataType): boolean =>
    t.kind === 'map' ||
    (t.kind === 'array' && hasMap(t.elementType)) ||
    (t.kind === 'struct' && t.fields.some((f) => hasMap(f.dataType)))
  if (args.some((a) => hasMap(dataTypeOf(a)))) {
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args)}" due to data type mismatch: Input to the function \`${name}\` cannot ` +
        `contain elements of the "MAP" type. In Spark, same maps may have different hashcode, thus hash ` +
        `expressions are prohibited on "MAP" elements. To restore previous behavior set ` +
        `"spark.sql.legacy.allowHashOnMapType" to "true".`,
      { errorClass: 'DATATYPE_MISMATCH.HASH_MAP_TYPE' },
    )
  }
}

/** hash(a, b, ...): Spark's Murmur3Hash with seed 42 (sparkHash), folding the arguments left to right. Never NULL. */
const murmur3: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    checkHashable(name, args)
    return { args, dataType: INTEGER, nullable: false }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const columns = args.map((a: Vec) => materialize(a, n))
    return numericColumn(INTEGER, sparkHash(columns, call.args.map(dataTypeOf), n), null, 0)
  },
}

/** base64(bin): standard Base64 with padding, without line breaks. */
const base64 = typed([BINARY], STRING, (args, ctx, call) => {
  const input = materialize(args[0]!, ctx.length)
  return digest((i) => Buffer.from(bytesAt(input, i)).toString('base64'))(args, ctx, call)
})

/** unbase64(str): Base64 decoding that skips characters outside the alphabet (Java's MIME decoder). */
const unbase64 = typed([STRING], BINARY, (args, ctx) => {
  const n = ctx.length
  const texts = stringsOfVec(args[0]!, n)
  const builder = new Utf8Builder(n, n * 16, true)
  for (let i = 0; i < n; i++) {
    const text = texts[i]
    if (text == null) builder.appendNull()
    else builder.appendBytes(new Uint8Array(Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64')))
  }
  return builder.finish()
})

/** Java charsets encode/decode accept, by their canonical upper-case names. */
const charsets = new Set(['US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE', 'UTF-16LE', 'UTF-16'])

function charsetOf(name: string | null, fn: string): string {
  const upper = (name ?? '').toUpperCase()
  if (!charsets.has(upper)) {
    throw new SparkRuntimeException(`Unsupported charset ${name} in ${fn}.`, {
      errorClass: 'INVALID_PARAMETER_VALUE.CHARSET',
    })
  }
  return upper
}

/** String.getBytes(charset): characters a single-byte charset cannot hold become '?'; UTF-16 starts with a BOM. */
const utf8Encoder = new TextEncoder()
const decoders = new Map<string, InstanceType<typeof TextDecoder>>()
const decoderFor = (label: string) => {
  let decoder = decoders.get(label)
  if (!decoder) decoders.set(label, (decoder = new TextDecoder(label)))
  return decoder
}

function encodeText(text: string, charset: string): Uint8Array {
  if (charset === 'UTF-8') return utf8Encoder.encode(text)
  if (charset === 'US-ASCII' || charset === 'ISO-8859-1') {
    const limit = charset === 'US-ASCII' ? 0x7f : 0xff
    // One byte per code point (never more than the UTF-16 length).
    const out = new Uint8Array(text.length)
    let length = 0
    for (const c of text) {
      const code = c.codePointAt(0)!
      out[length++] = code <= limit ? code : 0x3f
    }
    return out.subarray(0, length)
  }
  const little = charset === 'UTF-16LE'
  const bom = charset === 'UTF-16' ? 2 : 0
  const out = new Uint8Array(bom + text.length * 2)
  if (bom) out.set([0xfe, 0xff])
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k)
    out[bom + 2 * k + (little ? 0 : 1)] = unit & 0xff
    out[bom + 2 * k + (little ? 1 : 0)] = unit >> 8
  }
  return out
}

/** new String(bytes, charset): malformed input and unmappable bytes decode to U+FFFD. */
function decodeBytes(bytes: Uint8Array, charset: string): string {
  if (charset === 'US-ASCII') return Array.from(bytes, (b) => (b <= 0x7f ? String.fromCharCode(b) : '\ufffd')).join('')
  if (charset === 'ISO-8859-1') return decoderFor('latin1').decode(bytes)
  if (charset === 'UTF-16') {
    const le = bytes[0] === 0xff && bytes[1] === 0xfe
    const skip = le || (bytes[0] === 0xfe && bytes[1] === 0xff) ? 2 : 0
    return decoderFor(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(skip))
  }
  return decoderFor(charset.toLowerCase()).decode(bytes)
}

/** encode(str, charset): the string's bytes in a Java charset (US-ASCII, ISO-8859-1, UTF-8, UTF-16BE/LE, UTF-16). */
const encode = typed(['string', 'string'], BINARY, (args, ctx) => {
  const n = ctx.length
  const texts = stringsOfVec(args[0]!, n)
  const names = stringsOfVec(args[1]!, n)
  const builder = new Utf8Builder(n, n * 16, true)
  for (let i = 0; i < n; i++) {
    if (texts[i] == null || names[i] == null) builder.appendNull()
    else builder.appendBytes(encodeText(texts[i]!, charsetOf(names[i]!, 'encode')))
  }
  return builder.finish()
})

/** decode(bin, charset): the bytes read as text in a Java charset. */
const decode = typed([BINARY, 'string'], STRING, (args, ctx, call) => {
  const input = materialize(args[0]!, ctx.length)
  const names = stringsOfVec(args[1]!, ctx.length)
  return digest((i) => (names[i] == null ? null : decodeBytes(bytesAt(input, i), charsetOf(names[i]!, 'decode'))))(
    args,
    ctx,
    call,
  )
})

export const hashingFunctions = {
  encode,
  decode,
  md5: hexDigest('md5'),
  sha1: hexDigest('sha1'),
  sha: hexDigest('sha1'),
  sha2,
  crc32,
  hash: murmur3,
  base64,
  unbase64,
} satisfies Record<string, ScalarFunction>
