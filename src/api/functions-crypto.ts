// pyspark.sql.functions: AES encryption and the bitmap functions.
import type { Column } from './column.js'
import { type ColumnOrName, c, fn, text } from './function-args.js'

/** The optional arguments up to the last one given, PySpark's defaults ('GCM', 'DEFAULT', '') before it. */
const given = (defaults: readonly string[], ...cols: (ColumnOrName | undefined)[]) =>
  cols
    .slice(0, cols.findLastIndex((x) => x !== undefined) + 1)
    .map((x, k) => (x === undefined ? text(defaults[k]!) : c(x)))
const ENCRYPT_DEFAULTS = ['GCM', 'DEFAULT', '', '']
const DECRYPT_DEFAULTS = ['GCM', 'DEFAULT', '']

/** `input` encrypted with AES (`mode` 'GCM' by default, 'CBC' or 'ECB'); GCM and CBC output starts with the IV. */
export const aes_encrypt = (
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  iv?: ColumnOrName,
  aad?: ColumnOrName,
): Column => fn('aes_encrypt', c(input), c(key), ...given(ENCRYPT_DEFAULTS, mode, padding, iv, aad))
/** `input` decrypted with AES, as aes_encrypt wrote it; fails on a wrong key or damaged input. */
export const aes_decrypt = (
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
): Column => fn('aes_decrypt', c(input), c(key), ...given(DECRYPT_DEFAULTS, mode, padding, aad))
/** aes_decrypt, with NULL where decryption fails. */
export const try_aes_decrypt = (
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
): Column => fn('try_aes_decrypt', c(input), c(key), ...given(DECRYPT_DEFAULTS, mode, padding, aad))
/** The bit position of a value in its 32,768-bit bitmap bucket. */
export const bitmap_bit_position = (col: ColumnOrName): Column => fn('bitmap_bit_position', c(col))
/** The 32,768-bit bitmap bucket a value falls in. */
export const bitmap_bucket_number = (col: ColumnOrName): Column => fn('bitmap_bucket_number', c(col))
/** The number of set bits of a bitmap. */
export const bitmap_count = (col: ColumnOrName): Column => fn('bitmap_count', c(col))
/** Aggregate: the 4 KB bitmap with the group's bit positions set. */
export const bitmap_construct_agg = (col: ColumnOrName): Column => fn('bitmap_construct_agg', c(col))
/** Aggregate: the bitwise OR of the group's bitmaps. */
export const bitmap_or_agg = (col: ColumnOrName): Column => fn('bitmap_or_agg', c(col))
