// Reads one listed file for a scan as Spark's FileScanRDD does: whole when it fits one buffer, else in
// record-aligned pieces; a missing or corrupt file is a typed error naming it, or skipped with a WARN under
// ignoreMissingFiles / ignoreCorruptFiles.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { gunzipSync, inflateSync } from 'node:zlib'
import { messageOf, SparkError, SparkRuntimeException } from '../../common/errors.js'
import { logWarning } from '../../common/log.js'
import type { FileData, RecordSplit } from '../formats/file-format.js'
import type { Options } from '../options.js'
import type { ListedFile } from './file-listing.js'

/** V8's longest string (2^29 - 24 UTF-16 units): a text file of at most this many bytes decodes in one piece. */
export const MAX_TEXT_BUFFER = 536_870_888
/** Node's largest single read (readFile's limit): the most a binary (Parquet) file may hold. */
export const MAX_BINARY_BUFFER = 2 ** 31 - 1
/** Pieces of a large line-oriented file are this big (Spark's spark.sql.files.maxPartitionBytes). */
const PIECE_BYTES = 128 * 1024 * 1024
/** An internal conf lowering the one-buffer limit (so tests need not write 512 MiB). */
export const MAX_BUFFER_CONF = 'spark.rivulet.files.maxBufferBytes'

export interface FileReadSettings {
  readonly ignoreCorruptFiles: boolean
  readonly ignoreMissingFiles: boolean
  /** The most bytes read into one buffer (undefined: MAX_TEXT_BUFFER for text, MAX_BINARY_BUFFER for binary). */
  readonly maxBufferBytes: number | undefined
}

/** The read options `ignoreCorruptFiles` / `ignoreMissingFiles`, else the `spark.sql.files.*` confs (false). */
export function fileReadSettings(options: Options, conf: (key: string) => string | undefined): FileReadSettings {
  const flag = (name: string) =>
    options.getBoolean(name, conf(`spark.sql.files.${name}`)?.trim().toLowerCase() === 'true')
  const limit = Number(conf(MAX_BUFFER_CONF))
  return {
    ignoreCorruptFiles: flag('ignoreCorruptFiles'),
    ignoreMissingFiles: flag('ignoreMissingFiles'),
    maxBufferBytes: Number.isSafeInteger(limit) && limit > 0 ? limit : undefined,
  }
}

/** Spark's FAILED_READ_FILE error naming the file, with the reason after its text. */
export function failedReadFile(path: string, reason: string, cause?: unknown, subclass = 'NO_HINT'): SparkError {
  return new SparkRuntimeException(`Encountered error while reading file ${path}. ${reason}`, {
    errorClass: `FAILED_READ_FILE.${subclass}`,
    cause,
  })
}

/** Spark's error for a listed file that is gone (FAILED_READ_FILE.FILE_NOT_EXIST). */
function fileNotExist(path: string, cause: unknown): SparkError {
  return failedReadFile(
    path,
    "File does not exist. It is possible the underlying files have been updated. You can explicitly invalidate the cache in Spark by running 'REFRESH TABLE tableName' command in SQL or by recreating the Dataset/DataFrame involved.",
    cause,
    'FILE_NOT_EXIST',
  )
}

/**
 * A failure that means the file is damaged, typed and naming it — as in Spark, any runtime or I/O error, an
 * unreadable footer, a record too long — or undefined for the errors ignoreCorruptFiles never skips (FAILFAST's
 * malformed record, a bad option or schema).
 */
function corruption(error: unknown, path: string): SparkError | undefined {
  if (!(error instanceof SparkError)) return failedReadFile(path, messageOf(error), error)
  if (error.errorClass === 'FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER') return error
  if (error.errorClass !== 'FAILED_READ_FILE.NO_HINT') return undefined
  const cause = error.cause
  return cause instanceof SparkError && (cause.errorClass ?? '').startsWith('MALFORMED_RECORD') ? undefined : error
}

/** Spark's PartitionedFile as its log lines print it. */
function fileText(file: ListedFile, size: number): string {
  const values = file.partition.length === 0 ? 'empty row' : file.partition.map(([, v]) => v).join(',')
  return `path: ${file.uri}, range: 0-${size}, partition values: [${values}]`
}

/** Hadoop's CompressionCodecFactory by file extension, for the codecs Node can read (gzip, deflate). */
function decompressorOf(path: string): ((bytes: Uint8Array) => Uint8Array) | undefined {
  if (path.endsWith('.gz')) return (bytes) => new Uint8Array(gunzipSync(bytes))
  if (path.endsWith('.deflate')) return (bytes) => new Uint8Array(inflateSync(bytes))
  return undefined
}

/** Reads exactly `length` bytes at `position` (fewer when the file ended sooner). */
function readAt(fd: number, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let filled = 0
  while (filled < length) {
    const n = readSync(fd, out, filled, length - filled, position + filled)
    if (n === 0) return out.subarray(0, filled)
    filled += n
  }
  return out
}

/** The end of the last whole record in `bytes`, or 0 when no record ends there. */
function lastRecordEnd(bytes: Uint8Array, split: RecordSplit): number {
  if (split.kind === 'separator') {
    const sep = split.bytes
    outer: for (let i = bytes.length - sep.length; i >= 0; i--) {
      for (let k = 0; k < sep.length; k++) if (bytes[i + k] !== sep[k]) continue outer
      return i + sep.length
    }
    return 0
  }
  // A `\r` at the very end may be the first half of `\r\n`: cut before it.
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i]
    if (b === 10 || (b === 13 && i < bytes.length - 1)) return i + 1
  }
  return 0
}

/** How many records end in `bytes` (lines: `\n`, `\r\n` and a lone `\r` each end one). */
function recordsIn(bytes: Uint8Array, split: RecordSplit): number {
  let count = 0
  if (split.kind === 'separator') {
    const sep = split.bytes
    outer: for (let i = 0; i <= bytes.length - sep.length; i++) {
      for (let k = 0; k < sep.length; k++) if (bytes[i + k] !== sep[k]) continue outer
      count++
      i += sep.length - 1
    }
    return count
  }
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) count++
  }
  return count
}

/**
 * The pieces of an open file: the whole file when it fits `limit`; else, for formats whose records end at line
 * ends or a separator, pieces of up to 128 MiB (grown up to `limit` for a long record) cut after a record's end.
 */
function* pieces(fd: number, size: number, path: string, split: RecordSplit, limit: number): Generator<FileData> {
  const decompress = split.kind === 'whole' && split.binary ? undefined : decompressorOf(path)
  if (decompress) {
    // As Hadoop's codecs (chosen by extension), a compressed text file is not splittable: it is read whole.
    const bytes = decompress(readAt(fd, 0, size))
    if (bytes.length > limit) {
      throw failedReadFile(
        path,
        `The file holds ${bytes.length} bytes uncompressed, more than the ${limit} bytes a compressed file can be read in.`,
      )
    }
    yield { path, bytes }
    return
  }
  if (size <= limit) {
    yield { path, bytes: readAt(fd, 0, size) }
    return
  }
  if (split.kind === 'whole') {
    const what = split.binary ? 'a binary file' : 'a file read as one document (multiLine, wholetext, an encoding)'
    throw failedReadFile(path, `The file is ${size} bytes, more than the ${limit} bytes ${what} can be read in.`)
  }
  let position = 0
  let line = 1
  while (position < size) {
    let length = Math.min(PIECE_BYTES, limit, size - position)
    for (;;) {
      const bytes = readAt(fd, position, length)
      const atEnd = position + bytes.length >= size || bytes.length < length
      const cut = atEnd ? bytes.length : lastRecordEnd(bytes, split)
      if (cut > 0) {
        const piece = bytes.subarray(0, cut)
        yield { path, bytes: piece, firstLine: line, continuation: position > 0 }
        line += recordsIn(piece, split)
        position += cut
        break
      }
      if (length >= limit) {
        throw failedReadFile(path, `Line ${line} is longer than ${limit} bytes, the most one record may hold.`)
      }
      length = Math.min(limit, length * 2, size - position)
    }
  }
}

/** What a scan needs to read a file: its reader, how its records split, and the read settings. */
export interface FileReadPlan {
  readonly split: RecordSplit
  readonly settings: FileReadSettings
}

/**
 * Calls `read` on each piece of `file` and returns the results: ignoreMissingFiles skips a file that is gone, and
 * ignoreCorruptFiles keeps what was read before a corrupt piece (Spark's "Skipped the rest of the content"); without
 * them, a typed error naming the file. `firstOnly` stops after the first piece (schema inference).
 */
export function readFilePieces<T>(
  file: ListedFile,
  plan: FileReadPlan,
  read: (data: FileData) => T,
  firstOnly = false,
): T[] {
  const { split, settings } = plan
  let fd: number
  try {
    fd = openSync(file.path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      skipCorrupt(file, file.size, failedReadFile(file.uri, messageOf(error), error), settings)
      return []
    }
    if (!settings.ignoreMissingFiles) throw fileNotExist(file.uri, error)
    logWarning('FileScanRDD', `Skipped missing file: ${fileText(file, file.size)}`)
    return []
  }
  const out: T[] = []
  let size = file.size
  try {
    size = fstatSync(fd).size
    const limit =
      settings.maxBufferBytes ?? (split.kind === 'whole' && split.binary ? MAX_BINARY_BUFFER : MAX_TEXT_BUFFER)
    for (const piece of pieces(fd, size, file.uri, split, limit)) {
      out.push(read(piece))
      if (firstOnly) break
    }
  } catch (error) {
    const corrupt = corruption(error, file.uri)
    if (corrupt === undefined) throw error
    skipCorrupt(file, size, corrupt, settings)
  } finally {
    closeSync(fd)
  }
  return out
}

/** Under ignoreCorruptFiles, logs Spark's WARN for a corrupt file; otherwise throws its error. */
function skipCorrupt(file: ListedFile, size: number, error: SparkError, settings: FileReadSettings): void {
  if (!settings.ignoreCorruptFiles) throw error
  logWarning(
    'FileScanRDD',
    `Skipped the rest of the content in the corrupted file: ${fileText(file, size)}\n${error.message}`,
  )
}
