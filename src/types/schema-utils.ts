// Checks on a schema's column names, as Spark's SchemaUtils makes them.
import { AnalysisException } from '../common/errors.js'

/**
 * Spark's SchemaUtils.checkColumnNameDuplication (case-insensitive, as spark.sql.caseSensitive=false): a write and
 * withColumnsRenamed both refuse a result with two columns of one name.
 */
export function checkColumnNameDuplication(names: readonly string[]): void {
  const seen = new Set<string>()
  for (const name of names) {
    const key = name.toLowerCase()
    if (seen.has(key)) {
      throw new AnalysisException(
        `The column \`${key}\` already exists. Choose another name or rename the existing column.`,
        { errorClass: 'COLUMN_ALREADY_EXISTS' },
      )
    }
    seen.add(key)
  }
}
