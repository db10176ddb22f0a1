// Writes a batch DataFrame's rows as files (Spark's InsertIntoHadoopFsRelationCommand with the FileOutputCommitter):
// the save mode decides against an existing path, part files are staged under `_temporary/` and then moved into
// `col=value/` directories, and `_SUCCESS` marks a completed job.
//
// Job protocol: 1 check the mode (error: fail if the path exists; ignore: stop if it exists; overwrite: delete it)
// → 2 write every part file under `<path>/_temporary/0/<jobId>/` → 3 move each into place → 4 delete
// `_temporary` → 5 create `_SUCCESS`. A failure before 3 leaves only `_temporary`, which readers skip (a hidden name).
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { RecordBatch } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'
import { checkColumnNameDuplication } from '../../types/schema-utils.js'
import type { StructType } from '../../types/struct-type.js'
import { type FileFormat, type FormatContext, sessionZone } from '../formats/file-format.js'
import type { Options } from '../options.js'
import { qualifiedUri } from '../sources/file-listing.js'
import { absolutePath } from '../sources/file-scan.js'
import { PartitionedFiles, partFileName } from './partitioned-files.js'

/** Spark's SaveMode. */
export type SaveMode = 'Append' | 'Overwrite' | 'Ignore' | 'ErrorIfExists'

export interface FileBatchWrite {
  readonly format: FileFormat
  readonly path: string
  readonly mode: SaveMode
  readonly partitionBy: readonly string[]
  readonly options: Options
  readonly context: FormatContext
}

/** Writes `batch` (rows of `schema`) as `write` says; resolves nothing, throws Spark's errors. */
export function writeFileBatch(schema: StructType, batch: RecordBatch, write: FileBatchWrite): void {
  checkColumnNameDuplication(schema.fieldNames())
  const partitioning = new PartitionedFiles(schema, write.partitionBy, sessionZone(write.context))
  // Validates options and types (e.g. text's single string column) before anything touches the disk.
  const writer = write.format.writer(write.options, partitioning.dataSchema, write.context)
  const root = absolutePath(write.path)
  if (existsSync(root)) {
    if (write.mode === 'ErrorIfExists') {
      throw new AnalysisException(
        `Path ${qualifiedUri(root)} already exists. Set mode as "overwrite" to overwrite the existing path.`,
        { errorClass: 'PATH_ALREADY_EXISTS' },
      )
    }
    if (write.mode === 'Ignore') return
    if (write.mode === 'Overwrite') rmSync(root, { recursive: true, force: true })
  }
  const jobId = newUuid()
  const staging = join(root, '_temporary', '0', jobId)
  const pieces = partitioning.split(batch)
  // One task wrote the rows: Spark's first task still writes a file when it has none (Parquet keeps the schema).
  if (pieces.length === 0 && !partitioning.partitioned) pieces.push({ dir: '', data: batch })
  const name = partFileName(jobId, writer.extension)
  try {
    for (const { dir, data } of pieces) writeFileAtomic(join(staging, dir, name), writer.write(data))
    for (const { dir } of pieces) {
      const target = join(root, dir, name)
      mkdirSync(dirname(target), { recursive: true })
      renameSync(join(staging, dir, name), target)
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
    // Another job appending to the same path may still be staging: remove only directories left empty.
    for (const dir of [join(root, '_temporary', '0'), join(root, '_temporary')]) {
      try {
        rmdirSync(dir)
      } catch {
        break
      }
    }
  }
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, '_SUCCESS'), '')
}
