// A message sink's attributes in its input, found as Spark's KafkaWriter finds them: by exact name, each of one of
// the desired types, with KafkaWriter's text for a wrong type.
import type { DataType } from '../types/data-types.js'
import { sameType, simpleString } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'

/** Finds attribute `name` of one of the `desired` types: its index, or `missing()` when the input has none. */
export type AttributeFinder = (name: string, desired: readonly DataType[], missing: () => number) => number

/** An attribute finder over `schema` that reports a wrong type through `fail`. */
export function attributeFinder(schema: StructType, fail: (message: string) => never): AttributeFinder {
  return (name, desired, missing) => {
    const index = schema.fields.findIndex((f) => f.name === name)
    if (index < 0) return missing()
    const type = schema.fields[index]!.dataType
    if (!desired.some((d) => sameType(d, type, true))) {
      const wanted = desired.map(simpleString).join(' or ')
      fail(`${name} attribute unsupported type ${simpleString(type)}. ${name} must be a(n) ${wanted}`)
    }
    return index
  }
}
