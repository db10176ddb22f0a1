// DuckDB's materialized result chunks as a ResultSet: fixed-width vectors read from their raw bytes (int64 words
// without BigInt, decimals scaled), strings through the vector's own reader.
import { type DuckDBDataChunk, type DuckDBMaterializedResult, DuckDBTypeId } from '@duckdb/node-api'
import bindings from '@duckdb/node-bindings'
import { TWO_32 } from '../../../src/arrow/index.js'
import type { CellChunk, CellColumn, ResultSet } from './cells.js'

function aligned(bytes: Uint8Array, width: number): ArrayBuffer {
  return bytes.byteOffset % width === 0 ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer)
}

/** Numbers of a fixed-width vector of `rows` values, `scale` decimal places removed. */
function numbers(raw: bindings.Vector, typeId: number, rows: number, scale: number): Float64Array {
  const out = new Float64Array(rows)
  const read = (width: number) => {
    const bytes = bindings.vector_get_data(raw, rows * width)
    return { buffer: aligned(bytes, width), offset: bytes.byteOffset % width === 0 ? bytes.byteOffset : 0 }
  }
  const divisor = 10 ** scale
  switch (typeId) {
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.DATE: {
      const width = typeId === DuckDBTypeId.TINYINT ? 1 : typeId === DuckDBTypeId.SMALLINT ? 2 : 4
      const { buffer, offset } = read(width)
      const view =
        width === 1
          ? new Int8Array(buffer, offset, rows)
          : width === 2
            ? new Int16Array(buffer, offset, rows)
            : new Int32Array(buffer, offset, rows)
      for (let i = 0; i < rows; i++) out[i] = view[i]! / divisor
      return out
    }
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ: {
      const { buffer, offset } = read(8)
      const words = new Int32Array(buffer, offset, rows * 2)
      for (let i = 0; i < rows; i++) out[i] = (words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)) / divisor
      return out
    }
    case DuckDBTypeId.HUGEINT: {
      const { buffer, offset } = read(16)
      const words = new Int32Array(buffer, offset, rows * 4)
      for (let i = 0, j = 0; i < rows; i++, j += 4) {
        const upper = words[j + 3]! * TWO_32 + (words[j + 2]! >>> 0)
        out[i] = (upper * TWO_32 * TWO_32 + (words[j + 1]! >>> 0) * TWO_32 + (words[j]! >>> 0)) / divisor
      }
      return out
    }
    case DuckDBTypeId.DOUBLE: {
      const { buffer, offset } = read(8)
      out.set(new Float64Array(buffer, offset, rows))
      return out
    }
    case DuckDBTypeId.FLOAT: {
      const { buffer, offset } = read(4)
      out.set(new Float32Array(buffer, offset, rows))
      return out
    }
    default:
      throw new Error(`DuckDB result type ${DuckDBTypeId[typeId]} is not read by the comparison`)
  }
}

function chunkColumns(chunk: DuckDBDataChunk): CellColumn[] {
  const rows = chunk.rowCount
  const columns: CellColumn[] = []
  for (let c = 0; c < chunk.columnCount; c++) {
    const vector = chunk.getColumnVector(c)
    const raw = bindings.data_chunk_get_vector(chunk.chunk, c)
    const validity = bindings.vector_get_validity(raw, Math.ceil(rows / 64) * 8)
    const isNull = validity ? (row: number) => ((validity[row >> 3]! >> (row & 7)) & 1) === 0 : () => false
    const type = vector.type
    switch (type.typeId) {
      case DuckDBTypeId.VARCHAR:
        columns.push({ kind: 'text', values: vector.toArray() as (string | null)[] })
        break
      case DuckDBTypeId.BOOLEAN: {
        const bytes = bindings.vector_get_data(raw, rows)
        columns.push({ kind: 'boolean', value: (row) => bytes[row] !== 0, isNull })
        break
      }
      case DuckDBTypeId.DECIMAL: {
        const { width, scale } = type as unknown as { width: number; scale: number }
        const internal =
          width <= 4
            ? DuckDBTypeId.SMALLINT
            : width <= 9
              ? DuckDBTypeId.INTEGER
              : width <= 18
                ? DuckDBTypeId.BIGINT
                : DuckDBTypeId.HUGEINT
        columns.push({ kind: 'number', values: numbers(raw, internal, rows, scale), isNull })
        break
      }
      default:
        columns.push({ kind: 'number', values: numbers(raw, type.typeId, rows, 0), isNull })
    }
  }
  return columns
}

/**
 * Each chunk read allocates native memory that only the chunk's finalizer frees, which V8 does not know to run
 * soon; when the process exposes gc (the runner does), collect every so many chunks so reading a large result does
 * not pile up gigabytes.
 */
let chunksRead = 0
const forceGc = (globalThis as { gc?: () => void }).gc

/** The materialized result, converted chunk by chunk when read (so large results never sit in the JS heap). */
export function duckdbResult(result: DuckDBMaterializedResult): ResultSet {
  const chunks: CellChunk[] = []
  for (let i = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i)
    if (chunk.rowCount > 0) {
      chunks.push({
        numRows: chunk.rowCount,
        get columns() {
          if (forceGc && ++chunksRead % 512 === 0) forceGc()
          return chunkColumns(result.getChunk(i))
        },
      })
    }
  }
  return { names: result.columnNames(), chunks }
}
