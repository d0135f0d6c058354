// The soak variant of store-crash.test.ts: 200 kills mid-write, 100 mid-migration.
import { storeCrashSuite } from './helpers/store-crash-suite.js';

storeCrashSuite({ kills: 200, migrationKills: 100, migrationRows: 150_000, maxDelayMs: 400 });
