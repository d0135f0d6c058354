// Statistical bisect behind the API: start (validated up front, then measured in the
// background), status, list and cancel. The work lives in src/core/workflow/bisect-service.ts.
import type { BisectService } from '../workflow/bisect-service.js';
import type { ApiImpl } from './impl-types.js';

export function bisectApi(service: BisectService): Pick<ApiImpl, 'startBisect' | 'bisectStatus' | 'listBisects' | 'cancelBisect'> {
  return {
    startBisect: (i) => service.start(i),
    bisectStatus: async ({ id }) => service.status(id),
    listBisects: async () => service.list(),
    cancelBisect: async ({ id }) => ({ canceled: service.cancel(id) }),
  };
}
