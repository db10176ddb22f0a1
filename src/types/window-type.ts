// The type of window(...) and session_window(...) columns: struct<start: timestamp, end: timestamp>.
import { TIMESTAMP } from './data-types.js'
import { StructField, StructType } from './struct-type.js'

export const WINDOW_TYPE = StructType([StructField('start', TIMESTAMP), StructField('end', TIMESTAMP)])

/** Whether a type is a window struct (a struct whose `end` field is a timestamp). */
export function isWindowType(type: { kind: string }): boolean {
  return (
    type.kind === 'struct' &&
    (type as StructType).fields.some(
      (f) => f.name === 'end' && (f.dataType.kind === 'timestamp' || f.dataType.kind === 'timestamp_ntz'),
    )
  )
}
