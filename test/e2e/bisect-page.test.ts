// The Bisect page in a real Chromium through `perflab serve`: the form starts a statistical
// bisect on a real history (a checksum package; one of four commits makes Sum about 2x
// slower), the steps appear while they are measured, and the page ends with the first bad
// commit, its evidence tables and the commands that reproduce it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cli, spawnCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash, shootBoth } from './e2e-support.js';

function edit(file: string, from: string, to: string): void {
  const s = readFileSync(file, 'utf8');
  if (!s.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not in ${file}`);
  writeFileSync(file, s.replace(from, to));
}

describe('the Bisect page', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const repo = fixtureRepo('recordsum');
  const pageErrors: string[] = [];
  let first = '';
  let slow = '';
  let repoId = 0;

  beforeAll(async () => {
    first = git(repo.root, 'rev-parse', 'HEAD').trim();
    const src = join(repo.module, 'adler', 'adler.go');
    writeFileSync(join(repo.root, 'README.md'), '# checksum\n');
    commitAll(repo.root, 'add README');
    // About 4x slower: far enough from good that a loaded machine (CI runs other suites beside
    // this one) still decides each step within --max-count rounds.
    edit(
      src,
      'func Sum(data []byte) uint32 {\n',
      'func Sum(data []byte) uint32 {\n\tsum := checksum(data)\n\tfor pass := 0; pass < verifyPasses; pass++ {\n' +
        '\t\tif checksum(data) != sum {\n\t\t\tpanic("adler: checksum changed under us")\n\t\t}\n\t}\n\treturn sum\n}\n\n' +
        '// verifyPasses is how many more times Sum recomputes a checksum to check it.\nconst verifyPasses = 3\n\n' +
        '// checksum is one pass of Adler-32 over data.\nfunc checksum(data []byte) uint32 {\n',
    );
    slow = commitAll(repo.root, 'adler: verify every checksum against three more passes');
    edit(src, '// ParseHeader reads the 8-byte header', '// ParseHeader reads the 8-byte big-endian header');
    commitAll(repo.root, 'adler: say the header is big-endian');
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'])).code).toBe(0);
    repoId = (JSON.parse((await cli(['--data-dir', data, 'repo', 'list', '--json'])).stdout) as { id: number }[])[0].id;
    serve = await startServe(data, { ...process.env, PERFLAB_LOCK_DIR: tempDir() });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  /** Waits for SELECTOR; a timeout says what the page shows instead. */
  const waitOrShow = (selector: string, timeout: number) =>
    page
      .locator(selector)
      .waitFor({ timeout })
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${(await page.locator('main').textContent())?.slice(0, 3000)}`);
      });

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
    repo.cleanup();
  });

  it('starts a bisect from the form, shows the steps live and names the first bad commit with evidence', async () => {
    await page.goto(serve.url);
    await goHash(page, `#/repos/${repoId}`);
    await page.getByRole('link', { name: 'Bisect' }).click();
    await page.getByLabel('Good ref').fill(first.slice(0, 8));
    await page.getByLabel('Bad ref').fill('main');
    await page.getByLabel('Bisect benchmarks').fill('^BenchmarkSum$');
    await page.getByLabel('Bisect benchtime').fill('2000x');
    await page.getByLabel('Bisect max count').fill('24');
    await page.getByRole('button', { name: 'Start bisect' }).click();
    await page.waitForURL(/#\/bisect\/\d+$/);
    // The confirmation step is on screen while it is measured.
    await page.locator('.bisect-steps tr[data-step-state="measuring"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('.bisect-page').getAttribute('data-bisect-status')).toBe('running');

    // Still running after 4 minutes: the failure says where it stands (steps, rounds, the live log).
    await waitOrShow('.bisect-page:not([data-bisect-status="running"])', 240_000);
    // How it ended, with the page's words when it is not "found" (undecided steps, a failure).
    const ended = await page.locator('.bisect-page').getAttribute('data-bisect-status');
    expect(ended, (await page.locator('.bisect-page').textContent())?.slice(0, 2000)).toBe('found');
    expect(await page.locator('.bisect-result code.sha').getAttribute('data-sha')).toBe(slow);
    expect(await page.locator('.bisect-result').textContent()).toContain('adler: verify every checksum against three more passes');
    const states = await page.locator('.bisect-steps tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step-state')));
    expect(states[0]).toBe('worse');
    expect(states.length).toBeLessThanOrEqual(1 + 2);
    expect(states.every((s) => s !== 'measuring')).toBe(true);
    const deltas = await page.locator('.evidence-table tbody tr td:nth-child(5)').allTextContents();
    expect(deltas).toHaveLength(2);
    for (const d of deltas) expect(Number(d.replace('%', ''))).toBeGreaterThan(40);
    expect(await page.locator('pre.message').textContent()).toContain('perflab bisect --repo');
    await shootBoth(page, 'bisect');

    // The list on the Bisect page links to it.
    await goHash(page, '#/bisect');
    await expect.poll(() => page.getByRole('list', { name: 'Bisects' }).textContent()).toContain('found');
    expect(pageErrors).toEqual([]);
    // The waits above allow a loaded machine up to 4 minutes for the bisect (rounds are added
    // until each step is decided); the test's own limit must not be shorter than they are.
  }, 330_000);

  it('follows a bisect the CLI runs (no events reach this server) to its end without a reload', async () => {
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    const args = ['--data-dir', data, 'bisect', '--repo', repo.module, '--good', first, '--bad', 'main'];
    const run = spawnCli([...args, '--bench', '^BenchmarkSum$', '--benchtime', '2000x', '--max-count', '24'], { env });
    let id = 0;
    await waitFor(() => (id = Number(/^bisect (\d+):/m.exec(run.output().stderr)?.[1] ?? 0)) > 0, 60_000, 'the CLI to start its bisect');
    await page.goto(`${serve.url}`);
    await goHash(page, `#/bisect/${id}`);
    await waitOrShow('.bisect-page', 30_000);
    const seen = await page.locator('.bisect-page').getAttribute('data-bisect-status');
    const res = await run.done;
    expect(res.code, res.stderr).toBe(0);
    // Seen running, and then the page reaches the end by itself (it asks while the bisect runs).
    expect(seen).toBe('running');
    await page.locator('.bisect-page[data-bisect-status="found"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.bisect-result code.sha').getAttribute('data-sha')).toBe(slow);
    expect(pageErrors).toEqual([]);
  }, 330_000);
});
