import { z } from 'zod';

import { deliveryItemSchema } from '../shared/itemSchemas';
import type { NodeOutput } from '../shared/itemSchemas';
import { KinguinOrderComplete, KinguinOrderStatus, KinguinProductUpdate } from './KinguinSchemas';

/** The Kinguin Trigger's item per event (receiveKinguinDelivery.ts): the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'for product.update': deliveryItemSchema({ event: z.literal('product.update') }, KinguinProductUpdate),
		'for order.status': deliveryItemSchema({ event: z.literal('order.status') }, KinguinOrderStatus),
		'for order.complete': deliveryItemSchema({ event: z.literal('order.complete') }, KinguinOrderComplete),
	},
};
