// PySpark's name for the type of a JS value: what its type errors print, for checks below the API layer too.

/** PySpark's name for the type of a JS value, as its PySparkTypeError messages print it. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Map) return 'dict'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (typeof value === 'bigint') return 'int'
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'function') return 'function'
  return Object.getPrototypeOf(value) === Object.prototype ? 'dict' : (value.constructor?.name ?? 'object')
}
