// aes_encrypt, aes_decrypt and try_aes_decrypt with node:crypto, in Spark's layout: GCM output is a 12-byte IV, the
// ciphertext and a 16-byte tag; CBC output is a 16-byte IV and the PKCS#5-padded ciphertext; ECB has no IV. A random
// IV is drawn per value unless one is given; AAD (additional authenticated data) applies to GCM only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { bitAt, type Column, Utf8Builder } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import { BINARY, STRING } from '../../types/data-types.js'
import { coerceArgs } from './coercion.js'
import { stringsOfVec } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, materialize, type Vec } from './vector.js'

type Mode = 'GCM' | 'CBC' | 'ECB'

const IV_BYTES: Record<Mode, number> = { GCM: 12, CBC: 16, ECB: 0 }
const TAG_BYTES = 16

/** Row i's bytes of a BINARY column, as a view into its buffer. */
function bytesAt(column: Column, i: number): Uint8Array {
  const offsets = column.valueOffsets as Int32Array
  return (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
}

function parameterError(fn: string, parameter: string, detail: string): SparkRuntimeException {
  return new SparkRuntimeException(`The value of parameter(s) \`${parameter}\` in \`${fn}\` is invalid: ${detail}`, {
    errorClass: `INVALID_PARAMETER_VALUE.${parameter === 'key' ? 'AES_KEY_LENGTH' : parameter === 'iv' ? 'AES_IV_LENGTH' : 'AES_CRYPTO_ERROR'}`,
  })
}

/** The mode, checked against the padding as Spark checks them (GCM: NONE or DEFAULT; ECB and CBC: PKCS or DEFAULT). */
function modeOf(fn: string, mode: string, padding: string): Mode {
  const m = mode.toUpperCase()
  const p = padding.toUpperCase()
  const ok =
    (m === 'GCM' && (p === 'NONE' || p === 'DEFAULT')) ||
    ((m === 'ECB' || m === 'CBC') && (p === 'PKCS' || p === 'DEFAULT'))
  if (!ok) {
    throw new SparkRuntimeException(
      `The feature is not supported: AES-${mode} with the padding ${padding} by the \`${fn}\` function.`,
      { errorClass: 'UNSUPPORTED_FEATURE.AES_MODE' },
    )
  }
  return m as Mode
}

function cipherName(mode: Mode, key: Uint8Array, fn: string): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw parameterError(fn, 'key', `expects a binary value with 16, 24 or 32 bytes, but got ${key.length} bytes.`)
  }
  return `aes-${key.length * 8}-${mode.toLowerCase()}`
}

function encrypt(input: Uint8Array, key: Uint8Array, mode: Mode, iv: Uint8Array, aad: Uint8Array): Uint8Array {
  const name = cipherName(mode, key, 'aes_encrypt')
  if (mode === 'ECB' && iv.length > 0) {
    throw new SparkRuntimeException(
      'The feature is not supported: aes_encrypt with an initialization vector (IV) in the ECB mode.',
      { errorClass: 'UNSUPPORTED_FEATURE.AES_MODE_IV' },
    )
  }
  if (mode !== 'GCM' && aad.length > 0) {
    throw new SparkRuntimeException(
      `The feature is not supported: aes_encrypt with additional authenticated data (AAD) in the ${mode} mode.`,
      { errorClass: 'UNSUPPORTED_FEATURE.AES_MODE_AAD' },
    )
  }
  const ivLength = IV_BYTES[mode]
  if (iv.length > 0 && iv.length !== ivLength) {
    throw parameterError(
      'aes_encrypt',
      'iv',
      `${mode} requires an initialization vector of ${ivLength} bytes, but got ${iv.length} bytes.`,
    )
  }
  const vector = ivLength === 0 ? null : iv.length > 0 ? iv : randomBytes(ivLength)
  const cipher = createCipheriv(name, key, vector)
  if (mode === 'GCM' && aad.length > 0) (cipher as unknown as { setAAD(a: Uint8Array): void }).setAAD(aad)
  const body = Buffer.concat([cipher.update(input), cipher.final()])
  const tag = mode === 'GCM' ? (cipher as unknown as { getAuthTag(): Buffer }).getAuthTag() : Buffer.alloc(0)
  return Buffer.concat([vector ?? Buffer.alloc(0), body, tag])
}

function decrypt(input: Uint8Array, key: Uint8Array, mode: Mode, aad: Uint8Array, fn: string): Uint8Array {
  const name = cipherName(mode, key, fn)
  const ivLength = IV_BYTES[mode]
  try {
    const decipher = createDecipheriv(name, key, ivLength === 0 ? null : input.subarray(0, ivLength))
    let body = input.subarray(ivLength)
    if (mode === 'GCM') {
      if (body.length < TAG_BYTES) throw new Error('Tag mismatch')
      const tagged = decipher as unknown as { setAuthTag(t: Uint8Array): void; setAAD(a: Uint8Array): void }
      tagged.setAuthTag(body.subarray(body.length - TAG_BYTES))
      if (aad.length > 0) tagged.setAAD(aad)
      body = body.subarray(0, body.length - TAG_BYTES)
    }
    return Buffer.concat([decipher.update(body), decipher.final()])
  } catch (cause) {
    throw new SparkRuntimeException(
      `The value of parameter(s) \`expr, key\` in \`${fn}\` is invalid: Detail message: ${(cause as Error).message}`,
      { errorClass: 'INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR' },
    )
  }
}

/** Per-row text of an optional STRING argument (mode, padding), with its default. */
function textsOf(v: Vec | undefined, n: number, fallback: string): (i: number) => string | null {
  if (v === undefined) return () => fallback
  const texts = stringsOfVec(v, n)
  return (i) => texts[i] ?? null
}

/** Per-row bytes of an optional BINARY argument (iv, aad), empty when absent. */
function bytesOf(v: Vec | undefined, n: number): (i: number) => Uint8Array {
  if (v === undefined) return () => new Uint8Array(0)
  const column = materialize(v, n)
  return (i) => bytesAt(column, i)
}

/** aes_encrypt(expr, key[, mode[, padding[, iv[, aad]]]]). */
const aesEncrypt: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 6],
  resolve: (args, name) => ({
    args: coerceArgs(name, args, [BINARY, BINARY, STRING, STRING, BINARY, BINARY]),
    dataType: BINARY,
  }),
  perBatch: true,
  kernel(args, ctx) {
    const n = ctx.length
    const [input, key] = [materialize(args[0]!, n), materialize(args[1]!, n)]
    const [mode, padding] = [textsOf(args[2], n, 'GCM'), textsOf(args[3], n, 'DEFAULT')]
    const [iv, aad] = [bytesOf(args[4], n), bytesOf(args[5], n)]
    const valid = combinedValidity(args, n)
    const out = new Utf8Builder(n, n * 48, true)
    for (let i = 0; i < n; i++) {
      if (valid !== null && !bitAt(valid, i)) out.appendNull()
      else {
        const m = modeOf('aes_encrypt', mode(i)!, padding(i)!)
        out.appendBytes(encrypt(bytesAt(input, i), bytesAt(key, i), m, iv(i), aad(i)))
      }
    }
    return out.finish()
  },
}

/** aes_decrypt(expr, key[, mode[, padding[, aad]]]) and try_aes_decrypt (NULL where decryption fails). */
function aesDecrypt(tolerant: boolean): ScalarFunction {
  const fn = tolerant ? 'try_aes_decrypt' : 'aes_decrypt'
  return {
    kind: 'scalar',
    arity: [2, 5],
    resolve: (args, name) => ({
      args: coerceArgs(name, args, [BINARY, BINARY, STRING, STRING, BINARY]),
      dataType: BINARY,
      nullable: true,
    }),
    kernel(args, ctx) {
      const n = ctx.length
      const [input, key] = [materialize(args[0]!, n), materialize(args[1]!, n)]
      const [mode, padding] = [textsOf(args[2], n, 'GCM'), textsOf(args[3], n, 'DEFAULT')]
      const aad = bytesOf(args[4], n)
      const valid = combinedValidity(args, n)
      const out = new Utf8Builder(n, n * 32, true)
      for (let i = 0; i < n; i++) {
        if (valid !== null && !bitAt(valid, i)) {
          out.appendNull()
          continue
        }
        try {
          const m = modeOf(fn, mode(i)!, padding(i)!)
          out.appendBytes(decrypt(bytesAt(input, i), bytesAt(key, i), m, aad(i), 'aes_decrypt'))
        } catch (e) {
          if (!tolerant) throw e
          out.appendNull()
        }
      }
      return out.finish()
    },
  }
}

export const aesFunctions = {
  aes_encrypt: aesEncrypt,
  aes_decrypt: aesDecrypt(false),
  try_aes_decrypt: aesDecrypt(true),
} satisfies Record<string, ScalarFunction>
