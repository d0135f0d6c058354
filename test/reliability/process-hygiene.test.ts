// Process hygiene, scaled for `npm test`: 20 API cancels, 2 timeouts, 2 labs killed mid-run
// (see helpers/hygiene-suite.ts; the soak twin runs 50 / 5 / 10).
import { hygieneSuite } from './helpers/hygiene-suite.js';

hygieneSuite({ cancels: 20, timeouts: 2, labKills: 2 });
