// Splits rows by partitionBy columns into Hive-style `col=value/` directories and their data columns, as Spark's
// dynamic partition writer does; shared by the streaming file sink and the batch writer (df.write).
import { cellText, columnsOf, makeBatch, type RecordBatch, takeRows } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { StructType } from '../../types/struct-type.js'
import { DEFAULT_PARTITION_NAME, escapePathName } from '../sources/file-partitions.js'

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

/** Spark's name for a part file one task writes in a job (`jobId`: a UUID), as FileFormatWriter names it. */
export const partFileName = (jobId: string, extension: string) => `part-00000-${jobId}-c000${extension}`

/** One output directory (relative, `''` or e.g. `year=2024/`) and its rows without the partition columns. */
export interface PartitionPiece {
  readonly dir: string
  readonly data: RecordBatch
}

export class PartitionedFiles {
  /** The columns written into files: the schema without the partition columns. */
  readonly dataSchema: StructType
  private readonly partitions: number[]
  private readonly dataIndexes: number[]

  constructor(
    private readonly schema: StructType,
    partitionBy: readonly string[],
    private readonly zone: string,
  ) {
    this.partitions = partitionIndexes(schema, partitionBy)
    this.dataIndexes = schema.fields.map((_, i) => i).filter((i) => !this.partitions.includes(i))
    this.dataSchema = StructType(this.dataIndexes.map((i) => schema.fields[i]!))
  }

  get partitioned(): boolean {
    return this.partitions.length > 0
  }

  /** The batch's rows per directory, in first-seen order; an empty batch has no pieces. */
  split(batch: RecordBatch): PartitionPiece[] {
    const pieces: PartitionPiece[] = []
    for (const [dir, rows] of this.groups(batch)) {
      const subset = rows === null || rows.length === batch.numRows ? batch : takeRows(batch, this.schema, rows)
      const columns = columnsOf(subset)
      pieces.push({
        dir,
        data: makeBatch(
          this.dataSchema,
          this.dataIndexes.map((i) => columns[i]!),
          subset.numRows,
        ),
      })
    }
    return pieces
  }

  /**
   * Row indexes per partition directory, in first-seen order; null rows for the one directory of an unpartitioned
   * write (the whole batch). Null and empty values go to `__HIVE_DEFAULT_PARTITION__`, as in Spark.
   */
  private groups(batch: RecordBatch): Map<string, number[] | null> {
    const groups = new Map<string, number[] | null>()
    if (batch.numRows === 0) return groups
    if (this.partitions.length === 0) return groups.set('', null)
    const columns = columnsOf(batch)
    const { schema } = this
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
}
