// The file formats by name (`text`, `csv`, `json`, `parquet`), as sources, sinks and spark.read look them up.
import { csvFormat } from './csv.js'
import type { FileFormat } from './file-format.js'
import { jsonFormat } from './json.js'
import { parquetFormat } from './parquet.js'
import { textFormat } from './text.js'

export type { FileData, FileFormat, FileReader, FileWriter, FormatContext } from './file-format.js'

const formats = new Map<string, FileFormat>([textFormat, csvFormat, jsonFormat, parquetFormat].map((f) => [f.name, f]))

/** The file format named `name` (case-insensitive), or undefined. */
export function fileFormat(name: string): FileFormat | undefined {
  return formats.get(name.toLowerCase())
}
