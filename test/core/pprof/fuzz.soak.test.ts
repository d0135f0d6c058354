// The soak variant of fuzz.test.ts (`npm run test:soak`): 20,000 cases by default, a seed
// that differs per run unless PERFLAB_FUZZ_SEED is set.
import { fuzzSuite } from './helpers/fuzz-suite.js';

fuzzSuite(Number(process.env.PERFLAB_FUZZ_CASES ?? 20_000), Number(process.env.PERFLAB_FUZZ_SEED ?? Date.now() % 1_000_000));
