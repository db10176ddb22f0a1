// The format of test/spark-sql/cases/*.cases: queries with the results Spark's golden files record, and reading it.
//
// Each file names the golden file its facts come from and the Spark commit of that file:
//
//   # golden: sql/core/src/test/resources/sql-tests/results/nonansi/string-functions.sql.out
//   # commit: 4087097a9be18f34c8a3de28244a0c337f25578e
//
// Then records, separated by blank lines; other `#` lines are comments.
//
//   $ CREATE TEMPORARY VIEW t AS ...       a setup statement (one line each; not counted as a query)
//
//   > SELECT hex(17)                       a query (consecutive `>` lines form one multi-line query)
//   : struct<hex(17):string>               Spark's schema line (`df.schema.catalogString`)
//   |11                                    one line per row, as Spark's golden file prints it: cells joined
//                                          by tabs, `|` alone for a row that prints as an empty line
//
//   > SELECT concat_ws()
//   ! WRONG_NUM_ARGS.WITHOUT_SUGGESTION    the error class Spark raises (or its exception class when it has none)

export interface SetupStatement {
  readonly kind: 'setup'
  readonly line: number
  readonly sql: string
}

export interface QueryCase {
  readonly kind: 'query'
  readonly line: number
  readonly sql: string
  /** `file: sql` plus ` #k` for the k-th repeat of the same text in a file (stable across edits elsewhere). */
  readonly id: string
  readonly expected:
    | { readonly kind: 'rows'; readonly schema: string; readonly rows: readonly string[] }
    | { readonly kind: 'error'; readonly errorClass: string }
}

export type CaseRecord = SetupStatement | QueryCase

export interface CaseFile {
  readonly name: string
  readonly golden: string
  readonly commit: string
  readonly records: readonly CaseRecord[]
}

/** The records of a .cases file; a malformed record throws with its line number. */
export function parseCaseFile(name: string, text: string): CaseFile {
  const lines = text.split('\n')
  const records: CaseRecord[] = []
  const seen = new Map<string, number>()
  let golden = ''
  let commit = ''
  let i = 0
  const fail = (message: string): never => {
    throw new Error(`${name}:${i + 1}: ${message}`)
  }
  while (i < lines.length) {
    const line = lines[i]!
    if (line.startsWith('# golden: ')) golden = line.slice('# golden: '.length).trim()
    else if (line.startsWith('# commit: ')) commit = line.slice('# commit: '.length).trim()
    if (line.trim() === '' || line.startsWith('#')) {
      i++
      continue
    }
    const start = i + 1
    if (line.startsWith('$ ')) {
      records.push({ kind: 'setup', line: start, sql: line.slice(2) })
      i++
      continue
    }
    if (!line.startsWith('> ')) fail(`expected "$ " or "> ", found "${line}"`)
    const sql: string[] = []
    while (i < lines.length && lines[i]!.startsWith('> ')) sql.push(lines[i++]!.slice(2))
    const text = sql.join('\n')
    const repeat = (seen.get(text) ?? 0) + 1
    seen.set(text, repeat)
    const id = `${name}: ${text.replace(/\s+/g, ' ')}${repeat > 1 ? ` #${repeat}` : ''}`
    const next = lines[i] ?? ''
    if (next.startsWith('! ')) {
      records.push({
        kind: 'query',
        line: start,
        sql: text,
        id,
        expected: { kind: 'error', errorClass: next.slice(2) },
      })
      i++
    } else if (next.startsWith(': ')) {
      i++
      const rows: string[] = []
      while (i < lines.length && lines[i]!.startsWith('|')) rows.push(lines[i++]!.slice(1))
      records.push({
        kind: 'query',
        line: start,
        sql: text,
        id,
        expected: { kind: 'rows', schema: next.slice(2), rows },
      })
    } else fail('a query needs a ": schema" or "! error" line after it')
    if (i < lines.length && lines[i]!.trim() !== '') fail(`expected a blank line after the record, found "${lines[i]}"`)
  }
  if (golden === '' || commit === '') throw new Error(`${name}: the header needs "# golden: " and "# commit: " lines`)
  return { name, golden, commit, records }
}
