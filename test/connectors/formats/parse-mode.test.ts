// Malformed CSV and JSON records in each parse mode, with Spark's results: PERMISSIVE nulls and the corrupt-record
// column, DROPMALFORMED dropping rows, FAILFAST failing (statically and in a streaming query) naming file and line.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkRuntimeException } from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import {
  AssertOnQuery,
  CheckAnswer,
  Execute,
  ExpectFailure,
  ProcessAllAvailable,
} from '../../support/stream-actions.js'
import { tempDir, writeFile } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const CSV = ['1,2', 'x,3', '4', '5,6,7'].join('\n')
const JSON_LINES = ['{"a":1,"b":"x"}', '{"a":"y","b":"z"}', '{broken', '{"a":2}'].join('\n')

const FAILFAST_TAIL =
  "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'."

describe('parse modes', () => {
  it('CSV PERMISSIVE: bad fields are null, the raw line goes to _corrupt_record when the schema has it', () => {
    const path = writeFile(join(tempDir(), 'a.csv'), CSV)
    const spark = newSession()
    expect(spark.read.csv(path, 'a INT, b INT, _corrupt_record STRING').collect()).toEqual([
      { a: 1, b: 2, _corrupt_record: null },
      { a: null, b: 3, _corrupt_record: 'x,3' },
      { a: 4, b: null, _corrupt_record: '4' },
      { a: 5, b: 6, _corrupt_record: '5,6,7' },
    ])
    expect(spark.read.csv(path, 'a INT, b INT').collect()).toEqual([
      { a: 1, b: 2 },
      { a: null, b: 3 },
      { a: 4, b: null },
      { a: 5, b: 6 },
    ])
  })

  it('CSV: columnNameOfCorruptRecord renames the column, DROPMALFORMED keeps only well-formed rows', () => {
    const path = writeFile(join(tempDir(), 'a.csv'), CSV)
    const spark = newSession()
    const renamed = spark.read
      .option('columnNameOfCorruptRecord', 'bad')
      .csv(path, 'a INT, bad STRING, b INT')
      .collect()
    expect(renamed.map((r) => r.bad)).toEqual([null, 'x,3', '4', '5,6,7'])
    expect(spark.read.option('mode', 'DROPMALFORMED').csv(path, 'a INT, b INT').collect()).toEqual([{ a: 1, b: 2 }])
  })

  it('CSV FAILFAST fails naming the file and the line', () => {
    const path = writeFile(join(tempDir(), 'a.csv'), CSV)
    expect(() => newSession().read.option('mode', 'FAILFAST').csv(path, 'a INT, b INT')).toThrow(
      `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${path}. Line 2: ` +
        `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null,3].\n${FAILFAST_TAIL}`,
    )
  })

  it('JSON PERMISSIVE keeps the fields that parsed and puts the whole line in _corrupt_record', () => {
    const path = writeFile(join(tempDir(), 'a.json'), JSON_LINES)
    expect(newSession().read.json(path, 'a INT, b STRING, _corrupt_record STRING').collect()).toEqual([
      { a: 1, b: 'x', _corrupt_record: null },
      { a: null, b: 'z', _corrupt_record: '{"a":"y","b":"z"}' },
      { a: null, b: null, _corrupt_record: '{broken' },
      { a: 2, b: null, _corrupt_record: null },
    ])
  })

  it('JSON DROPMALFORMED drops, FAILFAST fails naming the file and the line', () => {
    const path = writeFile(join(tempDir(), 'a.json'), JSON_LINES)
    const spark = newSession()
    expect(spark.read.option('mode', 'dropmalformed').json(path, 'a INT, b STRING').collect()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ])
    expect(() => spark.read.option('mode', 'FAILFAST').json(path, 'a INT, b STRING')).toThrow(
      `Encountered error while reading file file:${path}. Line 2: [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] ` +
        `Malformed records are detected in record parsing: [null,z].\n${FAILFAST_TAIL}`,
    )
  })

  it('JSON inference adds the corrupt-record column for malformed lines (PERMISSIVE)', () => {
    const path = writeFile(join(tempDir(), 'a.json'), JSON_LINES)
    const df = newSession().read.json(path)
    expect(df.schema.simpleString()).toBe('struct<_corrupt_record:string,a:string,b:string>')
    expect(df.collect().map((r) => r._corrupt_record)).toEqual([null, null, '{broken', null])
  })

  it('a streaming query in FAILFAST mode terminates with the file and line in its exception', async () => {
    const dir = tempDir()
    writeFile(join(dir, 'in', 'good.json'), '{"a":1}\n')
    const spark = newSession()
    const df = spark.readStream.option('mode', 'FAILFAST').json(join(dir, 'in'), 'a INT')
    const bad = join(dir, 'in', 'bad.json')
    await testStream(df)(
      ProcessAllAvailable(),
      Execute('add a file whose second record is malformed', () => writeFile(bad, '{"a":2}\n{"a":"oops"}\n')),
      ExpectFailure(SparkRuntimeException, `Encountered error while reading file file:${bad}. Line 2:`),
      AssertOnQuery(
        (q) => q.exception()!.message.includes('Malformed records are detected in record parsing: [null].'),
        'the failure shows the malformed record',
      ),
      CheckAnswer({ a: 1 }),
    )
  })
})
