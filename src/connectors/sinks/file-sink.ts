// The file sink (Spark's FileStreamSink): each batch written as part files under `col=value/` directories, then
// committed, exactly once, by a `_spark_metadata/<batchId>` log entry listing them.
//
// addBatch(N): if N <= the log's latest batch id, the batch was committed before (a replay) and nothing is written.
// Otherwise rows are grouped by the partitionBy columns, each group is written to a hidden temp file that is then
// published as `part-00000-<uuid>-c000.<ext>`, and only after every data file exists is `_spark_metadata/N` created.
// A crash in between leaves data files no log names; readers that go through the log never see them.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordBatch } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalArgumentException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'
import { compactionSettings } from '../compactible-log.js'
import { sessionZone } from '../formats/file-format.js'
import { type FileFormat, type FileWriter, fileFormat } from '../formats/index.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'
import { qualifiedUri } from '../sources/file-listing.js'
import { absolutePath } from '../sources/file-scan.js'
import { FileSinkLog, SINK_METADATA_DIR, type SinkFileStatus } from './file-sink-log.js'
import { PartitionedFiles, partFileName } from './partitioned-files.js'

export class FileStreamSink implements Sink {
  readonly description: string
  readonly reportsOutputRows = false
  private readonly root: string
  private readonly log: FileSinkLog
  private readonly partitioning: PartitionedFiles
  private readonly writer: FileWriter

  constructor(format: FileFormat, context: SinkContext) {
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
    this.partitioning = new PartitionedFiles(schema, partitionBy, sessionZone({ conf: context.conf }))
    this.writer = format.writer(context.options, this.partitioning.dataSchema, { conf: context.conf })
  }

  addBatch(batchId: number, batch: RecordBatch): void {
    if (batchId <= this.log.latestBatchId()) return
    const statuses = this.partitioning.split(batch).map(({ dir, data }) => this.writeFile(dir, data))
    this.log.add(batchId, statuses)
  }

  /** Publishes one part file under `dir` and returns its log entry. */
  private writeFile(dir: string, data: RecordBatch): SinkFileStatus {
    const name = partFileName(newUuid(), this.writer.extension)
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
