// One token per Spark SQL keyword: case-insensitive, handing longer words to Identifier, and tagged reserved or not.
import { createToken, type TokenType } from 'chevrotain'
import {
  Identifier,
  IntervalUnit,
  MultiplicativeOperator,
  Name,
  ReservedFunctionName,
  TypedLiteralKeyword,
  Word,
} from './lexical-tokens.js'

// ── Keywords ───────────────────────────────────────────────────────────────────────────────────────────────────
// Spark's default (non-ANSI) mode lets almost every keyword be an identifier. We reserve only the words an LL(k)
// grammar needs to tell clauses, joins and predicates from aliases (Spark's `strictNonReserved` plus the clause
// and operator words); every other keyword is a `Name`. After `.` and after `AS`, any `Word` is accepted.

const keywords: TokenType[] = []

interface KeywordOptions {
  readonly reserved?: boolean
  readonly categories?: TokenType[]
  /** The token name (and CST key) when the PascalCase of the word is taken, e.g. `SetMinus` for MINUS. */
  readonly name?: string
  readonly pattern?: RegExp
}

function keyword(word: string, options: KeywordOptions = {}): TokenType {
  const pascalCase = word
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  const token = createToken({
    name: options.name ?? pascalCase,
    label: word,
    pattern: options.pattern ?? new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: [options.reserved ? Word : Name, ...(options.categories ?? [])],
  })
  keywords.push(token)
  return token
}

const reserved = (word: string, ...categories: TokenType[]) => keyword(word, { reserved: true, categories })
const nonReserved = (word: string, ...categories: TokenType[]) => keyword(word, { categories })

// Reserved.
export const All = reserved('ALL')
export const And = reserved('AND')
export const Anti = reserved('ANTI')
export const As = reserved('AS')
export const Between = reserved('BETWEEN')
export const Both = reserved('BOTH')
export const Case = reserved('CASE')
export const Cast = reserved('CAST')
export const Cross = reserved('CROSS')
export const CurrentDate = reserved('CURRENT_DATE')
export const CurrentTimestamp = reserved('CURRENT_TIMESTAMP')
export const Distinct = reserved('DISTINCT')
export const Else = reserved('ELSE')
export const Except = reserved('EXCEPT')
export const False = reserved('FALSE')
export const From = reserved('FROM')
export const Full = reserved('FULL')
export const Group = reserved('GROUP')
export const Having = reserved('HAVING')
export const Ilike = reserved('ILIKE', ReservedFunctionName)
export const In = reserved('IN')
export const Inner = reserved('INNER')
export const Intersect = reserved('INTERSECT')
export const Is = reserved('IS')
export const Join = reserved('JOIN')
export const Lateral = reserved('LATERAL')
export const Leading = reserved('LEADING')
export const Left = reserved('LEFT', ReservedFunctionName)
export const Like = reserved('LIKE', ReservedFunctionName)
export const Limit = reserved('LIMIT')
export const SetMinus = keyword('MINUS', { reserved: true, name: 'SetMinus' })
export const Natural = reserved('NATURAL')
export const Not = reserved('NOT')
export const Null = reserved('NULL')
export const On = reserved('ON')
export const Or = reserved('OR')
export const Order = reserved('ORDER')
export const Regexp = reserved('REGEXP', ReservedFunctionName)
export const Right = reserved('RIGHT', ReservedFunctionName)
export const Rlike = reserved('RLIKE', ReservedFunctionName)
export const Select = reserved('SELECT')
export const Semi = reserved('SEMI')
export const Then = reserved('THEN')
export const Trailing = reserved('TRAILING')
export const True = reserved('TRUE')
export const Union = reserved('UNION')
export const Using = reserved('USING')
export const Values = reserved('VALUES')
export const When = reserved('WHEN')
export const Where = reserved('WHERE')
export const With = reserved('WITH')

// Non-reserved: keywords only where the grammar expects them, identifiers everywhere else.
export const ArrayKw = nonReserved('ARRAY')
export const Asc = nonReserved('ASC')
export const By = nonReserved('BY')
export const Cluster = nonReserved('CLUSTER')
export const Codegen = nonReserved('CODEGEN')
export const Comment = nonReserved('COMMENT')
export const Cost = nonReserved('COST')
export const Create = nonReserved('CREATE')
export const Current = nonReserved('CURRENT')
export const Cube = nonReserved('CUBE')
export const DateKw = nonReserved('DATE', TypedLiteralKeyword)
export const Desc = nonReserved('DESC')
export const Describe = nonReserved('DESCRIBE')
export const Descriptor = nonReserved('DESCRIPTOR')
export const Distribute = nonReserved('DISTRIBUTE')
export const Div = nonReserved('DIV', MultiplicativeOperator)
export const End = nonReserved('END')
export const Escape = nonReserved('ESCAPE')
export const Exists = nonReserved('EXISTS')
export const Explain = nonReserved('EXPLAIN')
export const Extended = nonReserved('EXTENDED')
export const Extract = nonReserved('EXTRACT')
export const Filter = nonReserved('FILTER')
export const First = nonReserved('FIRST')
export const Following = nonReserved('FOLLOWING')
export const For = nonReserved('FOR')
export const Formatted = nonReserved('FORMATTED')
export const Global = nonReserved('GLOBAL')
export const Grouping = nonReserved('GROUPING')
export const Ignore = nonReserved('IGNORE')
export const If = nonReserved('IF')
export const Interval = nonReserved('INTERVAL')
export const Last = nonReserved('LAST')
export const Logical = nonReserved('LOGICAL')
export const MapKw = nonReserved('MAP')
export const Nulls = nonReserved('NULLS')
// Non-reserved in Spark: a column may be named `offset` (the Kafka source's is). Never an alias without AS, so
// `FROM t OFFSET 5` stays the OFFSET clause (parser-base's isAliasAhead).
export const Offset = nonReserved('OFFSET')
export const Outer = nonReserved('OUTER')
export const Over = nonReserved('OVER')
export const Partition = nonReserved('PARTITION')
export const Pivot = nonReserved('PIVOT')
export const Position = nonReserved('POSITION')
export const Preceding = nonReserved('PRECEDING')
export const Query = nonReserved('QUERY')
export const RangeKw = nonReserved('RANGE')
export const Replace = nonReserved('REPLACE')
export const Respect = nonReserved('RESPECT')
export const Rollup = nonReserved('ROLLUP')
export const Row = nonReserved('ROW')
export const Rows = nonReserved('ROWS')
export const Sets = nonReserved('SETS')
export const Show = nonReserved('SHOW')
export const Sort = nonReserved('SORT')
export const Struct = nonReserved('STRUCT')
export const Substr = nonReserved('SUBSTR')
export const Substring = nonReserved('SUBSTRING')
export const Table = nonReserved('TABLE')
export const Tables = nonReserved('TABLES')
export const Temporary = keyword('TEMPORARY', { pattern: /temp(?:orary)?/i })
export const Timestamp = nonReserved('TIMESTAMP', TypedLiteralKeyword)
export const TimestampLtz = nonReserved('TIMESTAMP_LTZ', TypedLiteralKeyword)
export const TimestampNtz = nonReserved('TIMESTAMP_NTZ', TypedLiteralKeyword)
export const To = nonReserved('TO')
export const Trim = nonReserved('TRIM')
export const Unbounded = nonReserved('UNBOUNDED')
export const TryCast = nonReserved('TRY_CAST')
export const View = nonReserved('VIEW')
export const WindowKw = nonReserved('WINDOW')
export const Within = nonReserved('WITHIN')

// Interval units, singular and plural (Spark 3.5's `unitInMultiUnits`).
const unit = (word: string) => nonReserved(word, IntervalUnit)
export const Year = unit('YEAR')
export const Years = unit('YEARS')
export const Month = unit('MONTH')
export const Months = unit('MONTHS')
export const Week = unit('WEEK')
export const Weeks = unit('WEEKS')
export const Day = unit('DAY')
export const Days = unit('DAYS')
export const Hour = unit('HOUR')
export const Hours = unit('HOURS')
export const Minute = unit('MINUTE')
export const Minutes = unit('MINUTES')
export const Second = unit('SECOND')
export const Seconds = unit('SECONDS')
export const Millisecond = unit('MILLISECOND')
export const Milliseconds = unit('MILLISECONDS')
export const Microsecond = unit('MICROSECOND')
export const Microseconds = unit('MICROSECONDS')

/** Every keyword token, reserved or not, longest first: the lexer must try INNER before IN, or `inner` would be
 * IN followed by a longer Identifier; `longer_alt` then hands `inner_join` or `selected` to Identifier. */
export const keywordTokens: readonly TokenType[] = [...keywords].sort(
  (a, b) => String(b.LABEL).length - String(a.LABEL).length,
)
