// Collects the engine's log lines (`WARN Component: message`) while a test runs, instead of printing them.
import { afterEach, beforeEach } from 'vitest'
import { setLogWriter } from '../../src/common/log.js'

/** Log lines written since the current test began; call at the top level of a test file. */
export function capturedLog(): { readonly lines: string[] } {
  const captured = { lines: [] as string[] }
  let restore: ((line: string) => void) | undefined
  beforeEach(() => {
    captured.lines = []
    restore = setLogWriter((line) => captured.lines.push(line))
  })
  afterEach(() => {
    if (restore) setLogWriter(restore)
  })
  return captured
}
