// Crash safety of the store (security.md, SQLite): the real persistence code killed with
// SIGKILL mid-write 50 times (200 in soak), a migration from schema 1 killed 20 times (100),
// then a database from a newer Perflab and a damaged file through the CLI.
import { storeCrashSuite } from './helpers/store-crash-suite.js';

storeCrashSuite({ kills: 50, migrationKills: 20, migrationRows: 40_000 });
