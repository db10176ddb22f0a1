// Test runner configuration: every file under test/, run in parallel worker threads.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'threads',
    // Sessions in tests (and the programs tests start) serve no live UI unless a test turns it on.
    env: { RIVULET_UI_ENABLED: 'false' },
  },
})
