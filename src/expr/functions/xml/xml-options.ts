// Spark's XmlOptions as from_xml, schema_of_xml and to_xml read them from their `map(...)` argument.
import { booleanOption, optionOf } from '../function-options.js'

export interface XmlOptions {
  readonly attributePrefix: string
  readonly valueTag: string
  /** The text read as NULL and written for NULL; null (the default) means NULL elements are left out. */
  readonly nullValue: string | null
  readonly excludeAttribute: boolean
  readonly ignoreSurroundingSpaces: boolean
  readonly inferSchema: boolean
  readonly preferDate: boolean
  readonly dateFormat: string | undefined
  readonly timestampFormat: string | undefined
  readonly timestampNTZFormat: string | undefined
  readonly rowTag: string
  readonly arrayElementName: string
  readonly indent: string
}

/** The options with Spark's defaults (rowTag ROW, attributePrefix `_`, valueTag `_VALUE`, four-space indent). */
export function xmlOptions(given: Readonly<Record<string, string>>): XmlOptions {
  return {
    attributePrefix: optionOf(given, 'attributePrefix') ?? '_',
    valueTag: optionOf(given, 'valueTag') ?? '_VALUE',
    nullValue: optionOf(given, 'nullValue') ?? null,
    excludeAttribute: booleanOption(given, 'excludeAttribute', false),
    ignoreSurroundingSpaces: booleanOption(given, 'ignoreSurroundingSpaces', true),
    inferSchema: booleanOption(given, 'inferSchema', true),
    preferDate: booleanOption(given, 'preferDate', true),
    dateFormat: optionOf(given, 'dateFormat'),
    timestampFormat: optionOf(given, 'timestampFormat'),
    timestampNTZFormat: optionOf(given, 'timestampNTZFormat'),
    rowTag: optionOf(given, 'rowTag') ?? 'ROW',
    arrayElementName: optionOf(given, 'arrayElementName') ?? 'item',
    indent: optionOf(given, 'indent') ?? '    ',
  }
}
