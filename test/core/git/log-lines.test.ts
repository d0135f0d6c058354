// Earlier perf commits of a function: `git log -L FROM,TO:PATH` on a real repository follows
// the function's lines through earlier edits and lists only the commits that changed them; the
// function's line range comes from the source at the commit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionRange } from '../../../src/core/analysis/findings-context.js';
import { commitsTouchingLines, findGit, type GitTool } from '../../../src/core/git/index.js';
import { commitAll, git as gitCli, tempDir } from '../../helpers/fixture-repo.js';

const SRC = `package parse

// Fields splits a record.
func Fields(rec string) []string {
\tvar out []string
\tout = append(out, rec)
\treturn out
}

// Count counts records.
func Count(recs []string) int {
\treturn len(recs)
}
`;

let git: GitTool;
let dir: string;
let head: string;

beforeAll(async () => {
  git = await findGit(process.env);
  dir = tempDir();
  gitCli(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'parse'));
  const file = join(dir, 'parse', 'parse.go');
  writeFileSync(file, SRC);
  commitAll(dir, 'parse: first version');
  writeFileSync(file, readFileSync(file, 'utf8').replace('var out []string', 'out := make([]string, 0, 8)'));
  commitAll(dir, 'perf(parse): preallocate the fields in Fields');
  writeFileSync(file, readFileSync(file, 'utf8').replace('return len(recs)', 'n := len(recs)\n\treturn n'));
  head = commitAll(dir, 'perf(parse): Count without a call');
});

describe('earlier commits of a function', () => {
  it('functionRange spans from the func line to its closing brace', () => {
    const lines = SRC.split('\n');
    expect(functionRange(lines, 6)).toEqual({ from: 4, to: 8 });
    expect(functionRange(lines, 12)).toEqual({ from: 11, to: 13 });
    expect(functionRange(lines, 1)).toBeNull();
    expect(functionRange(['package p', 'func One() int { return 1 }', '', 'func Two() {', '}'], 2)).toEqual({ from: 2, to: 2 });
    expect(functionRange(['package p', 'func One() int { return 1 }', '', 'var x = 1'], 4)).toBeNull();
  });

  it('lists the commits that changed those lines, newest first, and no other', async () => {
    const fields = await commitsTouchingLines(git, dir, head, 'parse/parse.go', 4, 8);
    expect(fields.map((c) => c.subject)).toEqual(['perf(parse): preallocate the fields in Fields', 'parse: first version']);
    const count = await commitsTouchingLines(git, dir, head, 'parse/parse.go', 11, 14);
    expect(count.map((c) => c.subject)).toEqual(['perf(parse): Count without a call', 'parse: first version']);
    expect(count[0].sha).toBe(head);
    // A path the commit does not have gives no commits; a bad path is refused before git runs.
    expect(await commitsTouchingLines(git, dir, head, 'parse/missing.go', 1, 2)).toEqual([]);
    await expect(commitsTouchingLines(git, dir, head, '../x.go', 1, 2)).rejects.toThrow(/path/);
  });
});
