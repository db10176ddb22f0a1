// What file sources and spark.read share: resolving the schema (user's, fixed, or inferred; partition columns
// appended) and reading one listed file into a batch with its partition values.
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { columnsOf, concatBatches, makeBatch, type RecordBatch } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type StructField, StructType } from '../../types/struct-type.js'
import type { FileData } from '../formats/file-format.js'
import { sessionZone } from '../formats/file-format.js'
import { type FileFormat, type FileReader, type FormatContext, fileFormat } from '../formats/index.js'
import type { Options } from '../options.js'
import { type ListedFile, listFiles, listingOptions, qualifiedUri } from './file-listing.js'
import { inferPartitionFields, partitionColumns } from './file-partitions.js'
import { type FileReadPlan, fileReadSettings, readFilePieces } from './file-read.js'

export interface FileScan {
  readonly format: FileFormat
  /** The columns stored in the files. */
  readonly dataSchema: StructType
  /** The columns taken from `col=value` directories, after the data columns. */
  readonly partitionFields: readonly StructField[]
  readonly schema: StructType
  readonly reader: FileReader
  readonly zone: string
  /** How files are cut into pieces, and what to do with missing or corrupt ones. */
  readonly plan: FileReadPlan
}

/** The read plan of `format` under `options` and the session's confs. */
export function readPlan(format: FileFormat, options: Options, context: FormatContext): FileReadPlan {
  return { split: format.recordSplit(options), settings: fileReadSettings(options, context.conf) }
}

/** Spark's error when no schema can be inferred (no files, or nothing in them). */
export function unableToInferSchema(format: FileFormat): AnalysisException {
  return new AnalysisException(`Unable to infer schema for ${format.displayName}. It must be specified manually.`, {
    errorClass: 'UNABLE_TO_INFER_SCHEMA',
  })
}

/** The format named `name`, or Spark's error for an unknown data source. */
export function formatNamed(name: string): FileFormat {
  const format = fileFormat(name)
  if (!format)
    throw new AnalysisException(`Failed to find the data source: ${name}.`, { errorClass: 'DATA_SOURCE_NOT_FOUND' })
  return format
}

export function absolutePath(path: string): string {
  return isAbsolute(path) ? path : resolve(path)
}

/**
 * The schema of a scan, as Spark's DataSource.getOrInferFileFormatSchema: partition columns come from the files'
 * directories (typed by the user schema when it names them) and go last; the data columns are the user's (minus
 * partition columns), the format's fixed schema, or inferred from `files` when `infer` allows.
 */
export function resolveScan(
  format: FileFormat,
  options: Options,
  userSchema: StructType | undefined,
  files: readonly ListedFile[],
  context: FormatContext,
  infer: () => StructType | undefined,
): FileScan {
  const zone = sessionZone(context)
  const partitionFields = options.getBoolean('recursiveFileLookup', false)
    ? []
    : inferPartitionFields(files, userSchema, zone)
  const partitionNames = new Set(partitionFields.map((f) => f.name))
  let dataSchema: StructType
  if (userSchema) dataSchema = StructType(userSchema.fields.filter((f) => !partitionNames.has(f.name)))
  else {
    const inferred = format.fixedSchema ?? infer()
    if (inferred === undefined) throw unableToInferSchema(format)
    dataSchema = StructType(inferred.fields.filter((f) => !partitionNames.has(f.name)))
  }
  const reader = format.reader(options, dataSchema, context)
  return {
    format,
    dataSchema,
    partitionFields,
    schema: StructType([...dataSchema.fields, ...partitionFields]),
    reader,
    zone,
    plan: readPlan(format, options, context),
  }
}

/** The scan of a described source: its schema, with the named partition columns last, taken as they were. */
export function describedScan(
  format: FileFormat,
  options: Options,
  schema: StructType,
  partitionColumns: readonly string[],
  context: FormatContext,
): FileScan {
  const partitionNames = new Set(partitionColumns)
  const partitionFields = schema.fields.filter((f) => partitionNames.has(f.name))
  const dataSchema = StructType(schema.fields.filter((f) => !partitionNames.has(f.name)))
  return {
    format,
    dataSchema,
    partitionFields,
    schema,
    reader: format.reader(options, dataSchema, context),
    zone: sessionZone(context),
    plan: readPlan(format, options, context),
  }
}

/**
 * One file's rows under the scan's full schema (data columns, then its partition values): a batch per piece of the
 * file (one, unless it is larger than one buffer), none for a missing or corrupt file the options skip.
 */
export function readListedFile(scan: FileScan, file: ListedFile): RecordBatch[] {
  return readFilePieces(file, scan.plan, (piece) => {
    const data = scan.reader(piece)
    if (scan.partitionFields.length === 0) return data
    const partition = partitionColumns(scan.partitionFields, file.partition, data.numRows, scan.zone)
    return makeBatch(scan.schema, [...columnsOf(data), ...partition], data.numRows)
  })
}

/** The files' contents for schema inference (of a file larger than one buffer, its first piece). */
export function readForInference(
  format: FileFormat,
  options: Options,
  files: readonly ListedFile[],
  context: FormatContext,
): FileData[] {
  const plan = readPlan(format, options, context)
  return files.flatMap((f) => readFilePieces(f, plan, (piece) => piece, true))
}

/** What a listing holds, as text that changes when a file is added, removed, resized or rewritten. */
export function listingSignature(files: readonly ListedFile[]): string {
  return files.map((f) => `${f.path}:${f.size}:${f.modificationTime}`).join('\n')
}

/** The files under `paths` (Spark's PATH_NOT_FOUND, with the qualified path, for a missing one). */
export function listStatic(options: Options, paths: readonly string[]): ListedFile[] {
  const listing = listingOptions(options)
  const files: ListedFile[] = []
  for (const path of paths) {
    const abs = absolutePath(path)
    if (!existsSync(abs)) {
      throw new AnalysisException(`Path does not exist: ${qualifiedUri(abs)}.`, { errorClass: 'PATH_NOT_FOUND' })
    }
    for (const file of listFiles(abs, listing)) files.push(file)
  }
  return files
}

/**
 * A static read (spark.read): every file under `paths` read synchronously into one batch, and the signature of the
 * listing it read (so a later read can tell whether the files changed).
 */
export function scanStatic(
  formatName: string,
  options: Options,
  userSchema: StructType | undefined,
  paths: readonly string[],
  context: FormatContext,
): { schema: StructType; batch: RecordBatch; signature: string } {
  const format = formatNamed(formatName)
  const files = listStatic(options, paths)
  const scan = resolveScan(format, options, userSchema, files, context, () =>
    format.inferSchema(readForInference(format, options, files, context), options, context),
  )
  const batches = files.flatMap((f) => readListedFile(scan, f))
  return { schema: scan.schema, batch: concatBatches(scan.schema, batches), signature: listingSignature(files) }
}
