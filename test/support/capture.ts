// Captures what code writes to process.stdout (show(), printSchema(), the console sink).
import { vi } from 'vitest'

export async function captureStdout(run: () => unknown | Promise<unknown>): Promise<string> {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  })
  try {
    await run()
  } finally {
    spy.mockRestore()
  }
  return out
}

/** Synchronous variant for synchronous code. */
export function captureStdoutSync(run: () => unknown): string {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  })
  try {
    run()
  } finally {
    spy.mockRestore()
  }
  return out
}
