// Statistical bisect behind the API: start (validated up front, then measured in the
// background), status, list and cancel. The work lives in src/core/workflow/bisect-service.ts;
// the lab context holds the one service. Every bisect is stored, so any lab process lists it.
import type { Method } from './impl-types.js';

export const startBisect: Method<'startBisect'> = (ctx, i) => ctx.bisects.start(i);

export const bisectStatus: Method<'bisectStatus'> = async (ctx, { id }) => ctx.bisects.status(id);

export const listBisects: Method<'listBisects'> = async (ctx) => ctx.bisects.list();

export const cancelBisect: Method<'cancelBisect'> = async (ctx, { id }) => ({ canceled: ctx.bisects.cancel(id) });
