// The socket source's write-ahead log survives a crash mid-append: the torn line is cut off, later appends stay valid.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { IllegalStateException } from '../../../src/common/errors.js'
import { LineWal } from '../../../src/connectors/sources/line-wal.js'

describe('LineWal', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('cuts off a torn last line, so lines appended after a restart are read back', () => {
    dir = mkdtempSync(join(tmpdir(), 'rivulet-wal-'))
    const first = new LineWal(dir)
    first.append({ index: 0, value: 'alpha', receivedAt: 1 })
    first.flush()
    appendFileSync(join(dir, 'lines.wal'), '[1,"be')

    const second = new LineWal(dir)
    expect(second.read()).toEqual([{ index: 0, value: 'alpha', receivedAt: 1 }])
    second.append({ index: 1, value: 'beta', receivedAt: 2 })
    second.flush()
    expect(new LineWal(dir).read().map((l) => l.value)).toEqual(['alpha', 'beta'])
    expect(readFileSync(join(dir, 'lines.wal'), 'utf8').endsWith('\n')).toBe(true)
  })

  it('refuses a log corrupt before its last line', () => {
    dir = mkdtempSync(join(tmpdir(), 'rivulet-wal-'))
    writeFileSync(join(dir, 'lines.wal'), '[0,"a",1]\nnot json\n[2,"c",3]\n')
    expect(() => new LineWal(dir!).read()).toThrow(IllegalStateException)
    expect(() => new LineWal(dir!).read()).toThrow('is corrupt at "not json"')
  })
})
