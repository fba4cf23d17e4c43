import type { ShopkitOperation } from '../shopkitOperation';
import { createClient } from './createClient.operation';
import { getClient } from './getClient.operation';
import { getManyClients } from './getManyClients.operation';
import { updateClient } from './updateClient.operation';

/** Each client operation, and whether it writes (a failure that may have passed is then `unknown`). */
export const CLIENT_OPERATIONS: Record<string, ShopkitOperation> = {
	get: { run: getClient, writes: false },
	getMany: { run: getManyClients, writes: false },
	create: { run: createClient, writes: true },
	update: { run: updateClient, writes: true },
};
