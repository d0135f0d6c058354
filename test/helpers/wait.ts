// Polls a condition until it holds or a deadline passes (then fails naming what it waited for).
export async function waitFor(f: () => Promise<boolean> | boolean, ms: number, what = 'a condition', everyMs = 20): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
