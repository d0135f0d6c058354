// The soak variant of process-hygiene.test.ts: 50 cancels, 5 timeouts, 10 labs killed mid-run.
import { hygieneSuite } from './helpers/hygiene-suite.js';

hygieneSuite({ cancels: 50, timeouts: 5, labKills: 10 });
