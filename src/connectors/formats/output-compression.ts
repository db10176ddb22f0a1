// The `compression` write option as Spark reads it: Hadoop codec short names for text formats (JSON, CSV, text)
// and Parquet's codec names, each with the extension Spark puts before the format's own.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { IllegalArgumentException, UnsupportedOperationException } from '../../common/errors.js'
import type { Options } from '../options.js'
import type { FileWriter } from './file-format.js'

/** A codec Rivulet can write: its file name extension and compressor (undefined: stored as is). */
export interface OutputCodec {
  readonly name: string
  readonly extension: string
  readonly compress?: (bytes: Uint8Array) => Uint8Array
}

const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes))
const deflate = (bytes: Uint8Array) => new Uint8Array(deflateSync(bytes))
const brotli = (bytes: Uint8Array) => new Uint8Array(brotliCompressSync(bytes))

/** Spark's CompressionCodecs.shortCompressionCodecNames, and what Rivulet writes for each. */
const TEXT_CODECS: Readonly<Record<string, OutputCodec | null>> = {
  none: { name: 'none', extension: '' },
  uncompressed: { name: 'uncompressed', extension: '' },
  bzip2: null,
  deflate: { name: 'deflate', extension: '.deflate', compress: deflate },
  gzip: { name: 'gzip', extension: '.gz', compress: gzip },
  lz4: null,
  snappy: null,
}

/** Parquet's default codec (spark.sql.parquet.compression.codec). */
export const PARQUET_SNAPPY: OutputCodec = { name: 'SNAPPY', extension: '.snappy' }

/** ParquetOptions.shortParquetCompressionCodecNames (Parquet compresses pages; the extension names the codec). */
const PARQUET_CODECS: Readonly<Record<string, OutputCodec | null>> = {
  none: { name: 'UNCOMPRESSED', extension: '' },
  uncompressed: { name: 'UNCOMPRESSED', extension: '' },
  snappy: PARQUET_SNAPPY,
  gzip: { name: 'GZIP', extension: '.gz', compress: gzip },
  lzo: null,
  brotli: { name: 'BROTLI', extension: '.br', compress: brotli },
  lz4: null,
  lz4_raw: null,
  zstd: null,
}

function codecNamed(table: Readonly<Record<string, OutputCodec | null>>, name: string, what: string): OutputCodec {
  const key = name.toLowerCase()
  if (!(key in table)) {
    throw new IllegalArgumentException(
      `Codec [${name}] is not available. ${what} codecs are ${Object.keys(table).join(', ')}.`,
    )
  }
  const codec = table[key]
  if (!codec) {
    const written = Object.keys(table).filter((k) => table[k])
    throw new UnsupportedOperationException(
      `Codec [${name}] cannot be written by Rivulet. Supported codecs are ${written.join(', ')}.`,
    )
  }
  return codec
}

/** The codec of a JSON, CSV or text write (`compression`, alias `codec`; none by default). */
export function textOutputCodec(options: Options): OutputCodec {
  return codecNamed(TEXT_CODECS, options.get('compression') ?? options.get('codec') ?? 'none', 'Known')
}

/**
 * The codec of a Parquet write: the `compression` option, else `parquet.compression`, else the session's
 * `spark.sql.parquet.compression.codec` (snappy by default), as Spark's ParquetOptions.
 */
export function parquetOutputCodec(options: Options, conf: (key: string) => string | undefined): OutputCodec {
  const name =
    options.get('compression') ??
    options.get('parquet.compression') ??
    conf('spark.sql.parquet.compression.codec') ??
    'snappy'
  return codecNamed(PARQUET_CODECS, name, 'Available')
}

/** `writer` with `codec` applied: its bytes compressed and the codec's extension after the format's. */
export function compressedWriter(writer: FileWriter, codec: OutputCodec): FileWriter {
  const { compress } = codec
  if (!compress) return writer
  return { extension: `${writer.extension}${codec.extension}`, write: (batch) => compress(writer.write(batch)) }
}
