// Checks that imports between src/ folders point one way (DESIGN.md §2) and that grammar/ imports nothing from src/.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const allowed = {
  common: ['grammar'],
  types: ['common', 'grammar'],
  arrow: ['common', 'types'],
  expr: ['common', 'types', 'arrow'],
  connectors: ['common', 'types', 'arrow'],
  state: ['common', 'types', 'arrow'],
  logical: ['common', 'types', 'arrow', 'expr'],
  analyzer: ['common', 'types', 'arrow', 'expr', 'connectors', 'logical'],
  optimizer: ['common', 'types', 'arrow', 'expr', 'logical'],
  operators: ['common', 'types', 'arrow', 'expr', 'connectors', 'logical', 'state'],
  physical: ['common', 'types', 'arrow', 'expr', 'connectors', 'logical', 'operators', 'state'],
  sql: ['common', 'types', 'arrow', 'expr', 'connectors', 'logical', 'analyzer', 'optimizer', 'grammar'],
  runtime: [
    'common',
    'types',
    'arrow',
    'expr',
    'connectors',
    'logical',
    'analyzer',
    'optimizer',
    'operators',
    'physical',
    'state',
  ],
  api: ['*'],
  shell: ['*'],
  ui: ['common', 'types', 'arrow', 'state', 'runtime'],
  'index.ts': ['*'],
}

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })

const problems = []
const importRe = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g
for (const file of [...files('src'), ...files('grammar')]) {
  const [root, layer] = relative('.', file).split(sep)
  const text = readFileSync(file, 'utf8')
  for (const [, target] of text.matchAll(importRe)) {
    if (!target.startsWith('.')) continue
    const resolved = relative('.', join(file, '..', target)).split(sep)
    if (root === 'grammar') {
      if (resolved[0] !== 'grammar') problems.push(`${file}: grammar/ must not import ${target}`)
      continue
    }
    const targetLayer = resolved[0] === 'grammar' ? 'grammar' : resolved[0] === 'src' ? resolved[1] : undefined
    if (!targetLayer || targetLayer === layer || targetLayer.endsWith('.ts')) continue
    const permitted = allowed[layer]
    if (!permitted) problems.push(`${file}: folder src/${layer} has no entry in scripts/check-layers.mjs`)
    else if (!permitted.includes('*') && !permitted.includes(targetLayer))
      problems.push(`${file}: src/${layer} must not import src/${targetLayer} (${target})`)
  }
}
if (problems.length > 0) {
  console.error(`Layer violations:\n${problems.join('\n')}`)
  process.exit(1)
}
