// The streaming file source (Spark's FileStreamSource): new files in a directory become micro-batches.
//
// latestOffset(start, limit) lists the directory (or a file sink's metadata log) — or, under Trigger.AvailableNow,
// takes the listing made when the query started — keeps files not seen before and not older than maxFileAge
// relative to the newest file seen, orders them by modification time (newest first with latestFirst; ties by name),
// admits those the read limit allows (maxFilesPerTrigger / maxBytesPerTrigger, the source's default limit), and
// records them in the seen-files log as the next log offset: offset {"logOffset": N} means "the files of log
// batches 0..N". getBatch reads the files of log batches (start, end] — the same files after a restart, since the
// log is persisted under the checkpoint. commit(end) applies cleanSource to the files of batch `end`.

import { existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { RecordBatch } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException, UnsupportedOperationException } from '../../common/errors.js'
import type { StructType } from '../../types/struct-type.js'
import { compactionSettings } from '../compactible-log.js'
import { fileFormat } from '../formats/index.js'
import type { Options } from '../options.js'
import { maxBytes, maxFiles, type ReadLimit, readAll } from '../read-limit.js'
import { hasSinkMetadata } from '../sinks/file-sink-log.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceDescription,
  type SourceProvider,
  type SourceTask,
} from '../source.js'
import { selectFiles } from './file-admission.js'
import { type ListedFile, listFiles, localPath, partitionOf, qualifiedUri } from './file-listing.js'
import {
  absolutePath,
  describedScan,
  type FileScan,
  readForInference,
  readListedFile,
  resolveScan,
} from './file-scan.js'
import { type FileEntry, FileSourceLog } from './file-source-log.js'
import { type FileStreamOptions, fileStreamOptions } from './file-source-options.js'

/**
 * Spark's SeenFilesMap: files already taken, forgotten once older than maxFileAge before the newest; files older
 * than the last purge threshold are not new. Before the first batch the threshold is -maxAge, so every file is new.
 */
class SeenFiles {
  private readonly map = new Map<string, number>()
  private latest = 0
  private lastPurge = 0

  constructor(
    private readonly maxAgeMs: number,
    private readonly nameOnly: boolean,
  ) {}

  private key(uri: string): string {
    return this.nameOnly ? basename(localPath(uri)) : uri
  }

  add(uri: string, timestamp: number): void {
    this.map.set(this.key(uri), timestamp)
    if (timestamp > this.latest) this.latest = timestamp
  }

  isNew(uri: string, timestamp: number): boolean {
    return timestamp >= this.lastPurge && !this.map.has(this.key(uri))
  }

  purge(): void {
    this.lastPurge = this.latest - this.maxAgeMs
    for (const [key, timestamp] of this.map) if (timestamp < this.lastPurge) this.map.delete(key)
  }
}

export class FileStreamSource implements Source {
  readonly schema: StructType
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private readonly log: FileSourceLog
  private readonly seen: SeenFiles
  private currentOffset: number
  /** New files left from the last listing, served before listing again (see selectFiles). */
  private unread: readonly ListedFile[] | null = null
  /** Under Trigger.AvailableNow, the listing made at the start: files added later are not read by that run. */
  private availableNowFiles: readonly ListedFile[] | null = null
  /** Under AvailableNow: the new files at the start, and how many of them batches have admitted. */
  private availableNowTotal = 0
  private availableNowAdmitted = 0

  constructor(
    private readonly root: string,
    private readonly scan: FileScan,
    private readonly options: FileStreamOptions,
    context: SourceContext,
  ) {
    this.schema = scan.schema
    this.description = `FileStreamSource[${qualifiedUri(root)}]`
    const { maxFilesPerTrigger, maxBytesPerTrigger } = options
    this.defaultReadLimit =
      maxFilesPerTrigger !== undefined
        ? maxFiles(maxFilesPerTrigger)
        : maxBytesPerTrigger !== undefined
          ? maxBytes(maxBytesPerTrigger)
          : readAll()
    this.log = new FileSourceLog(
      context.metadataPath,
      compactionSettings('spark.sql.streaming.fileSource.log', context.conf, { compactInterval: 10 }),
    )
    this.currentOffset = this.log.latestBatchId()
    this.seen = new SeenFiles(options.maxFileAgeMs, options.fileNameOnly)
    for (const entry of this.log.allEntries()) this.seen.add(entry.path, entry.timestamp)
    this.seen.purge()
  }

  /** The directory's files in processing order. */
  private listAll(): ListedFile[] {
    const fromSink = hasSinkMetadata(this.root)
    if (fromSink && this.options.cleanSource !== 'off') {
      throw new UnsupportedOperationException(
        'Clean up source files is not supported when reading from the output directory of FileStreamSink.',
      )
    }
    const files = listFiles(this.root, this.options)
    const direction = this.options.latestFirst ? -1 : 1
    return files.sort(
      (a, b) => direction * (a.modificationTime - b.modificationTime) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0),
    )
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowFiles = this.listAll()
    this.availableNowTotal = this.availableNowFiles.filter((f) => this.seen.isNew(f.uri, f.modificationTime)).length
  }

  /** Files admitted of those new when Trigger.AvailableNow started. */
  backlog(): { done: number; total: number; unit: string } | undefined {
    if (this.availableNowFiles === null) return undefined
    return { done: this.availableNowAdmitted, total: this.availableNowTotal, unit: 'files' }
  }

  /** Spark's fetchMaxOffset: admits the next files under `limit` and logs them as the next log batch. */
  async latestOffset(_start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    const newFiles =
      this.unread ??
      (this.availableNowFiles ?? this.listAll()).filter((f) => this.seen.isNew(f.uri, f.modificationTime))
    const { batch, unread } = selectFiles(newFiles, limit, !this.options.latestFirst)
    this.unread = unread
    for (const file of batch) this.seen.add(file.uri, file.modificationTime)
    this.availableNowAdmitted += batch.length
    this.seen.purge()
    if (batch.length > 0) {
      const batchId = this.currentOffset + 1
      this.log.add(
        batchId,
        batch.map((f) => ({ path: f.uri, timestamp: f.modificationTime, batchId })),
      )
      this.currentOffset = batchId
    }
    return this.currentOffset < 0 ? null : { logOffset: this.currentOffset }
  }

  /** Spark's file source reports no latest offset: files get log offsets only when a batch admits them. */
  reportLatestOffset(): Offset | null {
    return null
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const from = start === null ? -1 : logOffsetOf(start)
    const to = logOffsetOf(end)
    const batches: RecordBatch[] = []
    for (let id = from + 1; id <= to; id++) {
      for (const entry of this.log.get(id)) {
        for (const batch of readListedFile(this.scan, this.listed(entry))) batches.push(batch)
      }
    }
    return batches
  }

  async getTasks(start: Offset | null, end: Offset): Promise<readonly SourceTask[]> {
    const from = start === null ? -1 : logOffsetOf(start)
    const to = logOffsetOf(end)
    const tasks: SourceTask[] = []
    for (let id = from + 1; id <= to; id++) {
      for (const entry of this.log.get(id)) {
        const listed = this.listed(entry)
        tasks.push({ ...listed, weight: fileSize(listed.path) })
      }
    }
    return tasks
  }

  private listed(entry: FileEntry): ListedFile {
    const path = localPath(entry.path)
    return {
      path,
      uri: entry.path,
      size: 0,
      modificationTime: entry.timestamp,
      partition: partitionOf(this.root, path, this.options),
    }
  }

  /** Batch `end` is done: delete or archive its files (errors are ignored, as Spark only logs them). */
  commit(end: Offset): void {
    const { cleanSource, sourceArchiveDir } = this.options
    if (cleanSource === 'off') return
    const batchId = logOffsetOf(end)
    for (const entry of this.log.get(batchId)) {
      if (entry.batchId !== batchId) continue
      const path = localPath(entry.path)
      try {
        if (cleanSource === 'delete') unlinkSync(path)
        else {
          const target = join(sourceArchiveDir!, path)
          mkdirSync(dirname(target), { recursive: true })
          renameSync(path, target)
        }
      } catch {
        // Spark logs "Fail to move/remove ... / skip" and carries on.
      }
    }
  }

  async stop(): Promise<void> {}
}

/** A file's size in bytes, or 0 when it cannot be read (reading it then reports the error). */
function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** Reads files given as tasks (ListedFile records) under the described scan — on a worker thread, say. */
async function readFileTasks(
  source: SourceDescription,
  tasks: readonly SourceTask[],
  conf: (key: string) => string | undefined,
): Promise<RecordBatch[]> {
  const format = fileFormat(source.format)!
  const scan = describedScan(format, optionsOf(source), source.schema, source.partitionColumns ?? [], { conf })
  const batches: RecordBatch[] = []
  for (const task of tasks) {
    const listed = task as unknown as ListedFile
    for (const batch of readListedFile(scan, listed)) batches.push(batch)
  }
  return batches
}

function logOffsetOf(offset: Offset): number {
  return typeof offset === 'number' ? offset : ((offset as { logOffset: number }).logOffset ?? -1)
}

/**
 * A file source described at `load()`: `path` must be given and exist; the schema is the user's, or the format's
 * fixed one (text), or inferred from the files present when `spark.sql.streaming.schemaInference` is on; `col=value`
 * directories present now are columns.
 */
export function describeFileSource(
  formatName: string,
  options: Options,
  userSchema: StructType | undefined,
  path: string | undefined,
  conf: (key: string) => string | undefined,
): SourceDescription {
  const format = fileFormat(formatName)!
  if (path === undefined) throw new IllegalArgumentException("'path' is not specified")
  const root = absolutePath(path)
  const streamOptions = fileStreamOptions(options, root)
  if (!existsSync(root)) throw new AnalysisException(`Path does not exist: ${path}.`, { errorClass: 'PATH_NOT_FOUND' })
  const inference = conf('spark.sql.streaming.schemaInference')?.toLowerCase() === 'true'
  if (userSchema === undefined && format.fixedSchema === undefined && !inference) {
    throw new IllegalArgumentException(
      "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.",
    )
  }
  const files = listFiles(root, streamOptions)
  const scan = resolveScan(format, options, userSchema, files, { conf }, () =>
    format.inferSchema(readForInference(format, options, files, { conf }), options, { conf }),
  )
  return {
    format: format.name,
    options: optionRecord(options),
    schema: scan.schema,
    path: root,
    partitionColumns: scan.partitionFields.map((f) => f.name),
  }
}

/**
 * The running file source of a described one. Readers are rebuilt per query start with the query's confs; the
 * described schema and partition columns are kept, so every run reads exactly the columns load() returned.
 */
function createFileSource(source: SourceDescription, context: SourceContext): FileStreamSource {
  const format = fileFormat(source.format)!
  const options = optionsOf(source)
  const root = source.path!
  const scan = describedScan(format, options, source.schema, source.partitionColumns ?? [], { conf: context.conf })
  return new FileStreamSource(root, scan, fileStreamOptions(options, root), context)
}

/** A registry entry for a file format (`csv`, ...); conf-dependent checks use Spark's defaults here. */
export function fileSourceProvider(format: string): SourceProvider {
  return {
    format,
    describe: (options, userSchema, path, conf) => describeFileSource(format, options, userSchema, path, conf),
    create: createFileSource,
    readTasks: readFileTasks,
  }
}
