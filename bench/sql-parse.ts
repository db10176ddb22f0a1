// SQL front-end speed: statements per second for a realistic 15-line streaming query — parsed (Chevrotain lexer,
// parser and AST builder, built once and reused), and parsed + bound to an analyzed plan by spark.sql — printed beside
// JSON.parse of a document of the same length, the floor of what a hand-tuned native parser does in Node.
//   npm run bench:sql -- [--seconds 2]
import { parseSql } from '../grammar/index.js'
import { MemoryStream, SparkSession } from '../src/index.js'
import { option } from './support.js'

const seconds = option('seconds', 2)

const query = `WITH clicks AS (
  SELECT user_id, lower(trim(page)) AS page, ts, CAST(amount AS DOUBLE) AS amount
  FROM events
  WHERE action IN ('click', 'view') AND amount BETWEEN 0 AND 10000
)
SELECT window(ts, '10 minutes', '5 minutes') AS w,
       page,
       count(*) AS n,
       sum(CASE WHEN amount > 100 THEN amount ELSE 0 END) AS big_spend,
       avg(amount) AS avg_amount,
       max(ts) AS last_seen
FROM clicks
WHERE page NOT LIKE '/internal/%' AND user_id IS NOT NULL
GROUP BY window(ts, '10 minutes', '5 minutes'), page
HAVING count(*) > 1`

/** A JSON document of the same length as the query: an array of small records. */
function jsonOfLength(length: number): string {
  const records: string[] = []
  let text = '[]'
  for (let i = 0; text.length < length; i++) {
    records.push(JSON.stringify({ id: i, page: `/p/${i}`, ok: i % 2 === 0, amount: i * 1.5 }))
    text = `[${records.join(',')}]`
  }
  return text
}

/** Runs `body` repeatedly for about `seconds` (after a warm-up); returns calls per second. */
function rate(body: () => unknown): number {
  const warmUntil = performance.now() + 300
  while (performance.now() < warmUntil) body()
  let calls = 0
  const started = performance.now()
  const until = started + seconds * 1000
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) body()
    calls += 50
  }
  return calls / ((performance.now() - started) / 1000)
}

const spark = SparkSession.builder.config('spark.sql.session.timeZone', 'UTC').getOrCreate()
new MemoryStream(spark, 'user_id STRING, page STRING, action STRING, amount STRING, ts TIMESTAMP')
  .toDF()
  .createOrReplaceTempView('events')
const json = jsonOfLength(query.length)

const parsed = rate(() => parseSql(query))
const bound = rate(() => spark.sql(query))
const baseline = rate(() => JSON.parse(json))

const row = (name: string, perSecond: number) =>
  `${name.padEnd(38)}${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s   ${(1e6 / perSecond).toFixed(1).padStart(8)} µs each`
console.log(
  `query: ${query.split('\n').length} lines, ${query.length} characters; JSON document: ${json.length} characters`,
)
console.log(row('parseSql (lex + parse + AST)', parsed))
console.log(row('spark.sql (parse + bind to a plan)', bound))
console.log(row('JSON.parse (baseline, same length)', baseline))
console.log(`parseSql is ${(baseline / parsed).toFixed(1)}x slower than JSON.parse on the same number of characters`)
await spark.stop()
