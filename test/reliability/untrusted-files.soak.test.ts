// The soak variant of untrusted-files.test.ts: the same properties, ten times the cases
// (npm run test:soak sets PERFLAB_SOAK=1).
import './untrusted-files.test.js';
