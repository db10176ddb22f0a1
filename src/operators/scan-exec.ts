// Leaf operators: a streaming source's rows for the current batch, or a local relation's rows.
import { type Schema, util } from 'apache-arrow'
import { columnsOf, makeBatch, type RecordBatch, selectColumns, toArrowSchema, withSchema } from '../arrow/index.js'
import { Options } from '../connectors/options.js'
import { listingSignature, listStatic, scanStatic } from '../connectors/sources/file-scan.js'
import type { StaticFiles } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

/** Feeds the rows the runtime read from source `sourceIndex` for this batch. */
export class SourceScanExec implements Operator {
  /** The last schema of source batches found to be this scan's own (same names, types, nullability). */
  private same: Schema | undefined

  constructor(
    readonly sourceIndex: number,
    readonly schema: StructType,
  ) {}

  produce(ctx: OperatorContext): readonly RecordBatch[] | AsyncIterable<RecordBatch> {
    const stream = ctx.sourceStreams?.get(this.sourceIndex)
    if (stream) return this.retyped(stream)
    return (ctx.sourceBatches.get(this.sourceIndex) ?? []).map((b) => this.retype(b))
  }

  private async *retyped(stream: AsyncIterable<RecordBatch>): AsyncGenerator<RecordBatch, void, undefined> {
    for await (const batch of stream) yield this.retype(batch)
  }

  /**
   * The batch under this scan's schema: as it is when its schema is already that (a source's chunks share one). A
   * source that reads every column while the scan reads fewer (see SourceDescription.readSchema) has its batch
   * narrowed to the scan's columns by name, by reference.
   */
  private retype(batch: RecordBatch): RecordBatch {
    if (batch.schema === this.same) return batch
    if (batch.numCols !== this.schema.fields.length) return selectColumns(batch, this.schema)
    if (!util.compareSchemas(toArrowSchema(this.schema), batch.schema)) return withSchema(batch, this.schema)
    this.same = batch.schema
    return batch
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(batch)
  }
}

/** The current signature of a static read's files (see StaticFiles). */
export function staticFilesSignature(files: StaticFiles): string {
  return listingSignature(listStatic(new Options(Object.entries(files.options)), files.paths))
}

/**
 * Feeds a fixed list of batches (createDataFrame, memory tables) once per epoch; a static read of files feeds them
 * read again whenever the files changed since they were read (a file added, removed or rewritten).
 */
export class LocalScanExec implements Operator {
  private signature: string | undefined

  constructor(
    readonly schema: StructType,
    private batches: readonly RecordBatch[],
    private readonly files?: StaticFiles,
  ) {
    this.signature = files?.signature
  }

  produce(): readonly RecordBatch[] {
    if (this.files) this.refresh(this.files)
    return this.batches.map((b) => withSchema(b, this.schema))
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(batch)
  }

  private refresh(files: StaticFiles): void {
    const current = staticFilesSignature(files)
    if (current === this.signature) return
    const { batch } = scanStatic(files.format, new Options(Object.entries(files.options)), files.schema, files.paths, {
      conf: (key) => files.conf[key],
    })
    const columns = columnsOf(batch)
    this.batches = [
      makeBatch(
        this.schema,
        files.columns.map((c) => columns[c]!),
        batch.numRows,
      ),
    ]
    this.signature = current
  }
}
