#!/usr/bin/env node
// Fails on any import cycle between our own modules (run by `npm run lint`; tested by
// test/architecture/import-cycles.test.ts). The graph is every relative import, re-export and
// dynamic import of the .ts/.tsx files under the given directories (default: src), type-only
// imports included: a cycle of types still ties two modules together. Cycles are the strongly
// connected components of that graph; each is reported as one concrete loop of files.
// Usage: node scripts/check-import-cycles.js [DIR...]   exit 0 none, 1 cycles found.
import ts from 'typescript';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in the sources), or null. */
function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|mjs|ts|tsx)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** Every file's imported files (relative imports that resolve to a source file). */
export function importGraph(dirs) {
  const graph = new Map();
  for (const dir of dirs) {
    for (const f of sourceFiles(dir)) {
      const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
      const deps = new Set();
      for (const imp of info.importedFiles) {
        const to = resolveImport(f, imp.fileName);
        if (to) deps.add(to);
      }
      graph.set(f, [...deps].sort());
    }
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cyclicComponents(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** One loop through a component, from its first file back to it (shortest, by BFS). */
function loopIn(graph, comp) {
  const inComp = new Set(comp);
  const start = comp[0];
  const prev = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Every import cycle under the directories, each as a loop of paths relative to `root`. */
export function findImportCycles(dirs, root = process.cwd()) {
  const graph = importGraph(dirs.map((d) => resolve(root, d)));
  return cyclicComponents(graph).map((comp) => loopIn(graph, comp).map((f) => relative(root, f)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2);
  const cycles = findImportCycles(dirs.length ? dirs : ['src']);
  for (const c of cycles) process.stderr.write(`import cycle: ${c.join(' -> ')}\n`);
  if (cycles.length) {
    process.stderr.write(
      `${cycles.length} import cycle${cycles.length === 1 ? '' : 's'}: move what both sides need into a module of its own\n`,
    );
    process.exit(1);
  }
}
