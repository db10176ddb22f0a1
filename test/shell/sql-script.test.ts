// `rivulet sql -f file.sql` (and a script piped into stdin): the statements run in order without a terminal,
// streaming SELECTs print in tableau mode, and the first failing statement ends the run with exit code 1.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleProgram } from '../support/child-program.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
let cli: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rivulet-script-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '0.0.0-test' }))
  cli = bundleProgram(join(repo, 'bin', 'rivulet.ts'), join(dir, 'bin'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `rivulet sql` with arguments (and stdin); resolves with its exit code and output. */
function rivuletSql(args: readonly string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, 'sql', ...args], { cwd: dir }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0
      resolve({ code, stdout, stderr })
    })
    child.stdin!.end(stdin)
  })
}

function script(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('rivulet sql -f', () => {
  it('runs a script: a source view, a setting, a bounded streaming SELECT, SHOW TABLES', async () => {
    const file = script(
      'rates.sql',
      `-- The first three values of a rate source.
CREATE TEMPORARY VIEW rates USING rate
  OPTIONS (rowsPerSecond '10');
SET spark.sql.shuffle.partitions = 1;
SELECT value, value * 2 AS twice FROM rates LIMIT 3;
SHOW TABLES
`,
    )
    const { code, stdout } = await rivuletSql(['-f', file])
    expect(stdout).toBe(
      [
        '[INFO] Execute statement succeeded.',
        '[INFO] Execute statement succeeded.',
        '+----+----------------------+----------------------+',
        '| op |                value |                twice |',
        '+----+----------------------+----------------------+',
        '| +I |                    0 |                    0 |',
        '| +I |                    1 |                    2 |',
        '| +I |                    2 |                    4 |',
        '+----+----------------------+----------------------+',
        'Received a total of 3 rows',
        '+-----------+-----------+-------------+',
        '| namespace | tableName | isTemporary |',
        '+-----------+-----------+-------------+',
        '|           |     rates |        true |',
        '+-----------+-----------+-------------+',
        '1 row in set',
        '',
      ].join('\n'),
    )
    expect(code).toBe(0)
  })

  it('stops at the first failing statement with its caret, exit code 1', async () => {
    const file = script('bad.sql', 'SELECT 1 AS one;\nSELECT 1 +;\nSELECT 2 AS never;\n')
    const { code, stdout } = await rivuletSql(['-f', file])
    expect(code).toBe(1)
    expect(stdout).toContain('| one |')
    expect(stdout).toContain('[ERROR] Could not execute SQL statement. Reason:\n[PARSE_SYNTAX_ERROR]')
    expect(stdout).toMatch(/== SQL ==\nSELECT 1 \+\n-{10}\^\^\^/)
    expect(stdout).not.toContain('never')
  })

  it('reads the script from stdin when stdin is not a terminal', async () => {
    const { code, stdout } = await rivuletSql([], "SELECT upper('a') AS up;")
    expect(stdout).toBe('+----+\n| up |\n+----+\n|  A |\n+----+\n1 row in set\n')
    expect(code).toBe(0)
  })

  it('explains a usage error', async () => {
    const { code, stderr } = await rivuletSql(['--bogus'])
    expect(code).toBe(2)
    expect(stderr).toContain("rivulet sql: unknown option '--bogus'")
  })
})
