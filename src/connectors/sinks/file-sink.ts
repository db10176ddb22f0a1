// The file sink (Spark's FileStreamSink): each batch written as part files under `col=value/` directories, then
// committed, exactly once, by a `_spark_metadata/<batchId>` log entry listing them.
//
// addBatch(N): if N <= the log's latest batch id, the batch was committed before (a replay) and nothing is written.
// Otherwise rows are grouped by the partitionBy columns, each group is written to a hidden temp file that is then
// published as `part-00000-<uuid>-c000.<ext>`, and only after every data file exists is `_spark_metadata/N` created.
// A crash in between leaves data files no log names; readers that go through the log never see them.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { cellText, columnsOf, makeBatch, type RecordBatch, takeRows } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'
import { StructType } from '../../types/struct-type.js'
import { compactionSettings } from '../compactible-log.js'
import { sessionZone } from '../formats/file-format.js'
import { type FileFormat, type FileWriter, fileFormat } from '../formats/index.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'
import { qualifiedUri } from '../sources/file-listing.js'
import { DEFAULT_PARTITION_NAME, escapePathName } from '../sources/file-partitions.js'
import { absolutePath } from '../sources/file-scan.js'
import { FileSinkLog, SINK_METADATA_DIR, type SinkFileStatus } from './file-sink-log.js'

/** Spark's partitionBy checks: each column exists (case-insensitively), atomic, and not every column. */
function partitionIndexes(schema: StructType, names: readonly string[]): number[] {
  const indexes = names.map((name) => {
    const index = schema.fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase())
    if (index < 0)
      throw new AnalysisException(`Partition column \`${name}\` not found in schema ${schema.simpleString()}`)
    const type = schema.fields[index]!.dataType
    if (type.kind === 'array' || type.kind === 'map' || type.kind === 'struct') {
      throw new AnalysisException(`Cannot use ${schema.fields[index]!.dataType.kind} for partition column`)
    }
    return index
  })
  if (indexes.length > 0 && indexes.length === schema.fields.length) {
    throw new AnalysisException('Cannot use all columns for partition columns.', {
      errorClass: 'ALL_PARTITION_COLUMNS_NOT_ALLOWED',
    })
  }
  return indexes
}

export class FileStreamSink implements Sink {
  readonly description: string
  readonly reportsOutputRows = false
  private readonly root: string
  private readonly log: FileSinkLog
  private readonly partitions: number[]
  private readonly dataIndexes: number[]
  private readonly dataSchema: StructType
  private readonly writer: FileWriter
  private readonly zone: string

  constructor(
    format: FileFormat,
    private readonly context: SinkContext,
  ) {
    const path = context.options.get('path')
    if (path === undefined) throw new IllegalArgumentException("'path' is not specified")
    this.description = `FileSink[${path}]`
    this.root = absolutePath(path)
    this.log = new FileSinkLog(
      join(this.root, SINK_METADATA_DIR),
      compactionSettings('spark.sql.streaming.fileSink.log', context.conf, { compactInterval: 10 }),
    )
    const { schema } = context
    const partitionBy = JSON.parse(context.options.get('__partition_columns') ?? '[]') as string[]
    this.partitions = partitionIndexes(schema, partitionBy)
    this.dataIndexes = schema.fields.map((_, i) => i).filter((i) => !this.partitions.includes(i))
    this.dataSchema = StructType(this.dataIndexes.map((i) => schema.fields[i]!))
    this.writer = format.writer(context.options, this.dataSchema, { conf: context.conf })
    this.zone = sessionZone({ conf: context.conf })
  }

  addBatch(batchId: number, batch: RecordBatch): void {
    if (batchId <= this.log.latestBatchId()) return
    const statuses: SinkFileStatus[] = []
    for (const [dir, rows] of this.groups(batch)) {
      const subset = rows === null || rows.length === batch.numRows ? batch : takeRows(batch, this.context.schema, rows)
      const columns = columnsOf(subset)
      const data = makeBatch(
        this.dataSchema,
        this.dataIndexes.map((i) => columns[i]!),
        subset.numRows,
      )
      statuses.push(this.writeFile(dir, data))
    }
    this.log.add(batchId, statuses)
  }

  /**
   * Row indexes per partition directory (relative, e.g. `year=2024/`), in first-seen order; null rows for the one
   * directory of an unpartitioned sink (the whole batch).
   */
  private groups(batch: RecordBatch): Map<string, number[] | null> {
    const groups = new Map<string, number[] | null>()
    if (batch.numRows === 0) return groups
    if (this.partitions.length === 0) return groups.set('', null)
    const columns = columnsOf(batch)
    const { schema } = this.context
    const prefixes = this.partitions.map((k) => `${escapePathName(schema.fields[k]!.name)}=`)
    const textOptions = { zone: this.zone, nullText: '' }
    for (let i = 0; i < batch.numRows; i++) {
      let dir = ''
      for (let p = 0; p < prefixes.length; p++) {
        const k = this.partitions[p]!
        const text = cellText(columns[k]!, schema.fields[k]!.dataType, i, textOptions)
        dir += `${prefixes[p]}${text === '' ? DEFAULT_PARTITION_NAME : escapePathName(text)}/`
      }
      const rows = groups.get(dir)
      if (rows) rows.push(i)
      else groups.set(dir, [i])
    }
    return groups
  }

  /** Publishes one part file under `dir` and returns its log entry. */
  private writeFile(dir: string, data: RecordBatch): SinkFileStatus {
    const name = `part-00000-${newUuid()}-c000${this.writer.extension}`
    const target = join(this.root, dir, name)
    writeFileAtomic(target, this.writer.write(data), true)
    const stat = statSync(target)
    // Field order as Spark's SinkFileStatus serializes it.
    return {
      path: qualifiedUri(target),
      size: stat.size,
      isDir: false,
      modificationTime: Math.floor(stat.mtimeMs),
      blockReplication: 1,
      blockSize: 33554432,
      action: 'add',
    }
  }
}

/** The sink provider of a file format: append mode only, as Spark's FileStreamSink. */
export function fileSinkProvider(formatName: string): SinkProvider {
  return {
    format: formatName,
    outputModes: ['append'],
    create: (context) => new FileStreamSink(fileFormat(formatName)!, context),
  }
}
