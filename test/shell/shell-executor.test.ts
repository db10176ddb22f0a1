// The shell's statements run in-process against a session, their printed text checked: settings, source and sink
// views, SHOW FUNCTIONS, DESCRIBE, EXPLAIN, and Spark's errors for what a view or a setting cannot be.
import { afterEach, describe, expect, it } from 'vitest'
import { AnalysisException, IllegalArgumentException, UnsupportedOperationException } from '../../src/common/errors.js'
import type { SparkSession } from '../../src/index.js'
import { ShellExecutor } from '../../src/shell/shell-executor.js'
import { newSession } from '../support/session.js'

let spark: SparkSession | undefined

afterEach(async () => {
  await spark?.stop()
  spark = undefined
})

function shell(): { executor: ShellExecutor; output: () => string } {
  spark = newSession()
  let text = ''
  const executor = new ShellExecutor(spark, {
    screen: { write: (t) => (text += t), columns: 120, rows: 40 },
    keys: { listen: () => () => {} },
    interactive: false,
    notify: (t) => (text += t),
  })
  return {
    executor,
    output: () => {
      const out = text
      text = ''
      return out
    },
  }
}

describe('ShellExecutor', () => {
  it('sets, shows and resets session settings and its result mode', async () => {
    const { executor, output } = shell()
    await executor.execute('SET spark.sql.shuffle.partitions = 3')
    expect(output()).toBe('[INFO] Execute statement succeeded.\n')
    await executor.execute('SET spark.sql.shuffle.partitions')
    expect(output()).toContain('| spark.sql.shuffle.partitions |     3 |')
    await executor.execute("SET 'sql-client.execution.result-mode' = 'changelog'")
    output()
    await executor.execute('SET')
    expect(output()).toBe(
      [
        '+----------------------------------+-----------+',
        '|                              key |     value |',
        '+----------------------------------+-----------+',
        '|       spark.sql.session.timeZone |       UTC |',
        '|     spark.sql.shuffle.partitions |         3 |',
        '| sql-client.execution.result-mode | changelog |',
        '+----------------------------------+-----------+',
        '3 rows in set',
        '',
      ].join('\n'),
    )
    await executor.execute('RESET spark.sql.shuffle.partitions')
    expect(spark!.conf.get('spark.sql.shuffle.partitions')).toBe('4')
    await executor.execute('SET nothing.here')
    expect(output()).toContain('| nothing.here | <undefined> |')
    await expect(executor.execute("SET 'sql-client.execution.result-mode' = 'grid'")).rejects.toThrow(
      "Invalid value 'grid' for 'sql-client.execution.result-mode'; expected one of: tableau, changelog, table.",
    )
    await expect(executor.execute("SET spark.sql.session.timeZone = 'Mars/Base'")).rejects.toThrow(
      IllegalArgumentException,
    )
  })

  it('declares a streaming source view and describes it', async () => {
    const { executor, output } = shell()
    await executor.execute('CREATE TEMPORARY VIEW r USING rate OPTIONS (rowsPerSecond 2)')
    expect(output()).toBe('[INFO] Execute statement succeeded.\n')
    expect(spark!.table('r').isStreaming).toBe(true)
    await executor.execute('DESCRIBE r')
    expect(output()).toBe(
      [
        '+-----------+-----------+---------+',
        '|  col_name | data_type | comment |',
        '+-----------+-----------+---------+',
        '| timestamp | timestamp |    NULL |',
        '|     value |    bigint |    NULL |',
        '+-----------+-----------+---------+',
        '2 rows in set',
        '',
      ].join('\n'),
    )
    await expect(executor.execute('CREATE TEMPORARY VIEW r USING rate')).rejects.toThrow(
      '[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `r` because it already exists.',
    )
  })

  it("checks a source's options when the view is declared, with Spark's errors", async () => {
    const { executor } = shell()
    await expect(executor.execute("CREATE TEMPORARY VIEW r USING rate OPTIONS (rowsPerSecond '-1')")).rejects.toThrow(
      "Invalid value '-1'. The option 'rowsPerSecond' must be positive",
    )
    await expect(executor.execute('CREATE TEMPORARY VIEW r USING nosuchformat')).rejects.toThrow(
      UnsupportedOperationException,
    )
  })

  it('refuses INSERT INTO a view that is not a sink', async () => {
    const { executor } = shell()
    await executor.execute('CREATE TEMPORARY VIEW r USING rate')
    await expect(executor.execute('INSERT INTO r SELECT value FROM r')).rejects.toThrow(AnalysisException)
    await expect(executor.execute('INSERT INTO nowhere SELECT value FROM r')).rejects.toThrow(
      '[TABLE_OR_VIEW_NOT_FOUND] The table or view `nowhere` cannot be found.',
    )
  })

  it('lists functions, the window functions among them, and prints EXPLAIN as text', async () => {
    const { executor, output } = shell()
    await executor.execute('SHOW FUNCTIONS')
    const functions = output()
    for (const name of ['count', 'upper', 'window', 'session_window', 'approx_count_distinct']) {
      expect(functions).toMatch(new RegExp(`^\\| +${name} \\|$`, 'm'))
    }
    await executor.execute('CREATE TEMPORARY VIEW r USING rate')
    output()
    await executor.execute('EXPLAIN SELECT value FROM r WHERE value > 1')
    expect(output()).toMatch(/^== Physical Plan ==\nFilter \(value#\d+L > 1\)\n[\s\S]*StreamingScan rate\n$/)
  })
})
