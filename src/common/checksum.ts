// CRC-32 (zlib's polynomial) and the checksum side file Hadoop's local file system — and so Spark — writes beside a
// checkpoint file: `.<name>.crc` holds "crc\0", the bytes per checksum, and one CRC-32 per chunk of the file.
import { readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { writeFileAtomic } from './atomic-file.js'

const TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

/** The CRC-32 of `bytes[start, end)`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = -1
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ -1) >>> 0
}

const MAGIC = [0x63, 0x72, 0x63, 0x00] // "crc\0"
const BYTES_PER_CHECKSUM = 512

/** Where Hadoop keeps the checksums of `path`. */
export function checksumPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.crc`)
}

/** The `.crc` file's bytes for `data`. */
export function checksumFileOf(data: Uint8Array, bytesPerChecksum = BYTES_PER_CHECKSUM): Uint8Array {
  const chunks = Math.ceil(data.length / bytesPerChecksum)
  const out = new Uint8Array(8 + 4 * chunks)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  view.setInt32(4, bytesPerChecksum)
  for (let i = 0; i < chunks; i++) {
    const start = i * bytesPerChecksum
    view.setUint32(8 + 4 * i, crc32(data, start, Math.min(start + bytesPerChecksum, data.length)))
  }
  return out
}

/** Writes the checksum side file of `path`, whose content is `data`. */
export function writeChecksumFile(path: string, data: Uint8Array): void {
  writeFileAtomic(checksumPathOf(path), checksumFileOf(data))
}

export function removeChecksumFile(path: string): void {
  rmSync(checksumPathOf(path), { force: true })
}

/**
 * Checks `data`, read from `path`, against its checksum side file: undefined when they agree or when there is no
 * side file (as Hadoop, which verifies only what it can), else what is wrong, e.g. "checksum mismatch (bytes 0-511)".
 */
export function checksumMismatch(path: string, data: Uint8Array): string | undefined {
  let sums: Uint8Array
  try {
    sums = readFileSync(checksumPathOf(path))
  } catch {
    return undefined
  }
  const bytesPerChecksum = sums.length < 8 ? 0 : new DataView(sums.buffer, sums.byteOffset, 8).getInt32(4)
  if (bytesPerChecksum <= 0 || MAGIC.some((byte, i) => sums[i] !== byte)) return 'damaged checksum file'
  const expected = checksumFileOf(data, bytesPerChecksum)
  if (sums.length !== expected.length) return `length (${data.length} bytes) differs from the checksummed length`
  for (let i = 8; i < sums.length; i++) {
    if (sums[i] !== expected[i]) {
      const from = ((i - 8) >> 2) * bytesPerChecksum
      return `checksum mismatch (bytes ${from}-${Math.min(from + bytesPerChecksum, data.length) - 1})`
    }
  }
  return undefined
}
