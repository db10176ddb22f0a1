// The files of one state table in one partition: version N is the state after batch N-1 committed, stored as Arrow
// IPC files in its folder — `<N>.delta` (rows changed by batch N-1) and, periodically, `<N>.snapshot` (every row).
// Version N is rebuilt from the newest snapshot ≤ N plus the deltas after it. Each file ends with a CRC-32 of its
// bytes (see TRAILER), so an empty, truncated or damaged file is refused by name instead of read as less state.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  batchesFromIpc,
  batchesToIpc,
  bitAt,
  boolColumn,
  columnsOf,
  concatBatches,
  countUnset,
  makeBatch,
  newBitmap,
  nullColumn,
  type RecordBatch,
  setBit,
  takeRows,
} from '../arrow/index.js'
import { syncDirectory, writeFileAtomicAsync } from '../common/atomic-file.js'
import { crc32 } from '../common/checksum.js'
import { IllegalStateException, SparkError } from '../common/errors.js'
import { BOOLEAN } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { type StateChanges, type StateSchema, stateRowSchema } from './state-table.js'

const DELETED = '__deleted'

/** After the Arrow IPC file: the CRC-32 of everything before it (big-endian), then this magic. */
const TRAILER = new TextEncoder().encode('RVC1')
/** An Arrow IPC file ends with this magic; files written before checksums end there. */
const ARROW_MAGIC = new TextEncoder().encode('ARROW1')

const endsWith = (bytes: Uint8Array, suffix: Uint8Array, end = bytes.length) =>
  end >= suffix.length && suffix.every((byte, i) => bytes[end - suffix.length + i] === byte)

function withTrailer(ipc: Uint8Array): Uint8Array {
  const out = new Uint8Array(ipc.length + 8)
  out.set(ipc)
  new DataView(out.buffer).setUint32(ipc.length, crc32(ipc))
  out.set(TRAILER, ipc.length + 4)
  return out
}

/** The Arrow IPC bytes of a state file, or what is wrong with it. */
function checkedIpc(bytes: Uint8Array): Uint8Array | string {
  if (bytes.length === 0) return 'the file is empty'
  if (endsWith(bytes, TRAILER)) {
    const end = bytes.length - 8
    const stored = new DataView(bytes.buffer, bytes.byteOffset + end, 4).getUint32(0)
    return crc32(bytes, 0, end) === stored ? bytes.subarray(0, end) : 'its content does not match its checksum'
  }
  // No trailer: a file from before checksums, complete only if it ends as an Arrow file does; else truncated.
  return endsWith(bytes, ARROW_MAGIC) ? bytes : `the file is truncated (${bytes.length} bytes)`
}

export class StateStoreFiles {
  private readonly rowSchema: StructType
  private readonly fileSchema: StructType

  constructor(
    private readonly dir: string,
    private readonly schema: StateSchema,
  ) {
    mkdirSync(dir, { recursive: true })
    this.rowSchema = stateRowSchema(schema)
    this.fileSchema = StructType([...this.rowSchema.fields, StructField(DELETED, BOOLEAN, false)])
  }

  /** Writes the changes that take version `version - 1` to `version`. */
  async writeDelta(version: number, changes: StateChanges): Promise<void> {
    const parts: RecordBatch[] = []
    const withFlag = (batch: RecordBatch, deleted: boolean, valuesFrom: 'batch' | 'nulls') => {
      const n = batch.numRows
      const keys = columnsOf(batch).slice(0, this.schema.key.fields.length)
      const values =
        valuesFrom === 'batch'
          ? columnsOf(batch).slice(this.schema.key.fields.length)
          : this.schema.value.fields.map((f) => nullColumn(f.dataType, n))
      const flags = newBitmap(n)
      if (deleted) for (let i = 0; i < n; i++) setBit(flags, i)
      return makeBatch(this.fileSchema, [...keys, ...values, boolColumn(flags, n, null, 0)], n)
    }
    if (changes.upserts && changes.upserts.numRows > 0) parts.push(withFlag(changes.upserts, false, 'batch'))
    if (changes.deletes && changes.deletes.numRows > 0) parts.push(withFlag(changes.deletes, true, 'nulls'))
    await this.write(`${version}.delta`, batchesToIpc(this.fileSchema, parts))
  }

  /** Writes every row of version `version`. */
  async writeSnapshot(version: number, rows: RecordBatch): Promise<void> {
    await this.write(`${version}.snapshot`, batchesToIpc(this.rowSchema, [rows]))
  }

  private async write(name: string, bytes: Uint8Array): Promise<void> {
    await writeFileAtomicAsync(join(this.dir, name), withTrailer(bytes))
    await syncDirectory(this.dir)
  }

  /** The changes rebuilding `version` from empty; a missing file in the chain is an error naming it. */
  read(version: number): StateChanges[] {
    if (version === 0) return []
    const snapshots = this.versions('snapshot').filter((v) => v <= version)
    const base = snapshots[snapshots.length - 1] ?? 0
    const changes: StateChanges[] = []
    if (base > 0)
      changes.push({
        upserts: concatBatches(this.rowSchema, this.readFile(`${base}.snapshot`, this.rowSchema)),
        deletes: null,
      })
    for (let v = base + 1; v <= version; v++) {
      const path = join(this.dir, `${v}.delta`)
      if (!existsSync(path)) {
        throw new IllegalStateException(
          `Cannot load state store version ${version}: the delta file ${path} does not exist. The checkpoint is incomplete; restore it or delete it to start over.`,
          { errorClass: 'CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS' },
        )
      }
      changes.push(this.splitDelta(concatBatches(this.fileSchema, this.readFile(`${v}.delta`, this.fileSchema))))
    }
    return changes
  }

  /** Removes files no longer needed to rebuild any version ≥ `oldest`. */
  purge(oldest: number): void {
    const snapshots = this.versions('snapshot').filter((v) => v <= oldest)
    const keepFrom = snapshots[snapshots.length - 1]
    if (keepFrom === undefined) return
    for (const name of readdirSync(this.dir)) {
      const match = /^(\d+)\.(delta|snapshot)$/.exec(name)
      if (match && Number(match[1]) < keepFrom) rmSync(join(this.dir, name), { force: true })
    }
  }

  private versions(kind: 'delta' | 'snapshot'): number[] {
    return readdirSync(this.dir)
      .map((name) => new RegExp(`^(\\d+)\\.${kind}$`).exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b)
  }

  private readFile(name: string, schema: StructType): RecordBatch[] {
    const path = join(this.dir, name)
    const unreadable = (detail: string, cause?: unknown) =>
      new SparkError(
        `Cannot read state file ${path}: ${detail}. The checkpoint is corrupt; restore it from a backup or delete it to start over.`,
        { errorClass: 'CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE', cause },
      )
    const ipc = checkedIpc(readFileSync(path))
    if (typeof ipc === 'string') throw unreadable(ipc)
    try {
      return batchesFromIpc(ipc, schema)
    } catch (error) {
      throw unreadable((error as Error).message, error)
    }
  }

  private splitDelta(batch: RecordBatch): StateChanges {
    const flags = columnsOf(batch)[this.fileSchema.fields.length - 1]!.values as Uint8Array
    const n = batch.numRows
    const deleteCount = n - countUnset(flags, n)
    const upsertRows = new Int32Array(n - deleteCount)
    const deleteRows = new Int32Array(deleteCount)
    for (let i = 0, u = 0, d = 0; i < n; i++) {
      if (bitAt(flags, i)) deleteRows[d++] = i
      else upsertRows[u++] = i
    }
    const rows = takeRows(batch, this.fileSchema, upsertRows)
    const upserts = makeBatch(this.rowSchema, columnsOf(rows).slice(0, this.rowSchema.fields.length), upsertRows.length)
    const deleted = takeRows(batch, this.fileSchema, deleteRows)
    const deletes = makeBatch(
      this.schema.key,
      columnsOf(deleted).slice(0, this.schema.key.fields.length),
      deleteRows.length,
    )
    return { upserts, deletes }
  }
}
