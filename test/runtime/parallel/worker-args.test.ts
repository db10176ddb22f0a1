// Node's options a worker thread starts with: the driver's, less the tsx loader (the worker script is JavaScript).
import { describe, expect, it } from 'vitest'
import { withoutTsx } from '../../../src/runtime/parallel/worker-pool.js'

describe('worker options', () => {
  it('drops tsx preloads in every spelling and keeps other preloads and options', () => {
    expect(
      withoutTsx([
        '--require',
        '/repo/node_modules/tsx/dist/preflight.cjs',
        '--import',
        'file:///repo/node_modules/tsx/dist/loader.mjs',
        '--import=tsx',
        '--import',
        '/tmp/crash-hooks.mjs',
        '--cpu-prof',
        '--max-old-space-size=8192',
      ]),
    ).toEqual(['--import', '/tmp/crash-hooks.mjs', '--cpu-prof', '--max-old-space-size=8192'])
  })

  it('leaves the driver’s options to Node when there is no tsx to drop', () => {
    expect(withoutTsx(['--import', '/tmp/crash-hooks.mjs', '--expose-gc'])).toBeUndefined()
    expect(withoutTsx([])).toBeUndefined()
  })
})
