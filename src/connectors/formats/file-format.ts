// The contract every file format (text, csv, json, parquet) implements: read a file's bytes, infer a schema, write.
import type { RecordBatch } from '../../arrow/index.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'

/** What a format needs from the session: its confs (time zone, corrupt-record column name). */
export interface FormatContext {
  readonly conf: (key: string) => string | undefined
}

/** One input file, or a line-aligned piece of a large one: its display path (`file:/...`, used in errors). */
export interface FileData {
  readonly path: string
  readonly bytes: Uint8Array
  /** The 1-based number of the first line of `bytes` in the file (1 unless a piece of a larger file). */
  readonly firstLine?: number
  /** Whether `bytes` starts mid-file (a later piece: no CSV header there). */
  readonly continuation?: boolean
}

/**
 * Where a file's records may be cut into pieces read one at a time: at line ends (`\n`, `\r\n`, `\r`), at a
 * `lineSep` byte sequence, or nowhere (the file is one document, or binary).
 */
export type RecordSplit =
  | { readonly kind: 'lines' }
  | { readonly kind: 'separator'; readonly bytes: Uint8Array }
  | { readonly kind: 'whole'; readonly binary: boolean }

/** Reads one file into a batch of the reader's data schema (options were validated when it was made). */
export type FileReader = (file: FileData) => RecordBatch

export interface FileWriter {
  /** Spark's file name extension, e.g. `.csv`, `.snappy.parquet`. */
  readonly extension: string
  /** The bytes of one output file holding `batch`. */
  write(batch: RecordBatch): Uint8Array
}

export interface FileFormat {
  /** The short name (`csv`), also used in Spark's messages in upper case (`CSV`). */
  readonly name: string
  /** Spark's display name in error messages (`CSV`, `JSON`, `Text`, `Parquet`). */
  readonly displayName: string
  /** The schema the format always has (text: `value string`), so streaming reads need no user schema. */
  readonly fixedSchema?: StructType
  /** A reader of files with `schema` (data columns only); throws Spark's errors for bad options or types. */
  reader(options: Options, schema: StructType, context: FormatContext): FileReader
  /** The data schema inferred from `files`, or undefined when there is nothing to infer from. */
  inferSchema(files: readonly FileData[], options: Options, context: FormatContext): StructType | undefined
  /** How files read with `options` may be cut into record-aligned pieces (Spark splits such files too). */
  recordSplit(options: Options): RecordSplit
  /** A writer of batches of `schema`; throws Spark's error for a type the format cannot hold. */
  writer(options: Options, schema: StructType, context: FormatContext): FileWriter
}

/** The session time zone Spark formats and parses datetimes in. */
export function sessionZone(context: FormatContext): string {
  return context.conf('spark.sql.session.timeZone') ?? 'UTC'
}

/**
 * The split of a text format (JSON, CSV): line by line in UTF-8 unless `multiLine` (one record may span lines) or
 * another encoding (whose separators are not single bytes) makes the file one piece.
 */
export function textRecordSplit(options: Options): RecordSplit {
  const encoding = options.get('encoding') ?? options.get('charset') ?? 'UTF-8'
  if (options.getBoolean('multiLine', false) || !/^utf-?8$/i.test(encoding)) return { kind: 'whole', binary: false }
  const sep = options.get('lineSep')
  return sep === undefined || sep === ''
    ? { kind: 'lines' }
    : { kind: 'separator', bytes: new TextEncoder().encode(sep) }
}
