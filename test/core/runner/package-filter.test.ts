// The run's notes about packages it leaves out: one note per column however many there are
// (a run of golang.org/x/tools without --pkg skipped 44 packages without test files, one note
// each), naming the first few and counting the rest.
import { describe, expect, it } from 'vitest';
import type { ListedPackage } from '../../../src/core/go/go-list.js';
import { noBenchmarksNote, noTestFilesNote } from '../../../src/core/runner/package-filter.js';

const pkg = (rel: string): ListedPackage => ({
  importPath: `golang.org/x/tools/${rel}`,
  name: rel.split('/').pop()!,
  dir: `/src/tools/${rel}`,
  relDir: `./${rel}`,
  testFiles: [],
  error: null,
});

const cmds = ['eg', 'godex', 'gomvpkg', 'gotype', 'goyacc', 'html2article', 'present', 'present2md', 'splitdwarf', 'ssadump', 'stress'].map(
  (c) => pkg(`cmd/${c}`),
);

describe('notes on packages left out', () => {
  it('one package is named alone', () => {
    expect(noTestFilesNote([pkg('blog/atom')], 'HEAD')).toBe('golang.org/x/tools/blog/atom has no test files at HEAD: skipped');
    expect(noBenchmarksNote([pkg('blog')], 'HEAD')).toBe(
      '1 package has no benchmarks at HEAD (no test file mentions Benchmark): not built: golang.org/x/tools/blog',
    );
  });

  it('many packages are one note: the first 8 by name, then how many more', () => {
    const note = noTestFilesNote(cmds, 'HEAD~1');
    expect(note).toBe(
      '11 packages have no test files at HEAD~1: skipped: ' +
        cmds
          .slice(0, 8)
          .map((p) => p.importPath)
          .join(', ') +
        ' and 3 more',
    );
    expect(noBenchmarksNote(cmds.slice(0, 2), 'HEAD')).toBe(
      '2 packages have no benchmarks at HEAD (no test file mentions Benchmark): not built: golang.org/x/tools/cmd/eg, golang.org/x/tools/cmd/godex',
    );
  });
});
