// Property tests explore new random cases on every local run; in CI (CI=true, as .ci/run sets)
// or with PERFLAB_FC_SEED they replay one seed, so a submission is judged on the cases that
// were checked before it. A failure prints its seed; PERFLAB_FC_SEED=<seed> replays it.
import fc from 'fast-check';

const fixed = process.env.PERFLAB_FC_SEED ?? (process.env.CI ? '20261123' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
