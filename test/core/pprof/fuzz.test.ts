// Damaged profiles never crash the decoder and are never silently accepted (see
// helpers/fuzz-suite.ts). Cases: PERFLAB_FUZZ_CASES (default 2000), seed PERFLAB_FUZZ_SEED.
import { fuzzSuite } from './helpers/fuzz-suite.js';

fuzzSuite(Number(process.env.PERFLAB_FUZZ_CASES ?? 2000), Number(process.env.PERFLAB_FUZZ_SEED ?? 4242));
