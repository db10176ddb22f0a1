// Lookups of names that come from input (SQL text, schemas, data) in plain-object tables: only own entries count,
// so a name such as `constructor` or `toString` is not mistaken for a member Object.prototype provides.

/** `record[key]` when `key` is the record's own entry, else undefined. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}
