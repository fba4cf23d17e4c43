import { deliveryItemSchema, elementOf, fieldOf, orNull } from '../../shared/itemSchemas';
import type { NodeOutput } from '../../shared/itemSchemas';
import { SupplierSalesDelivery, SupplierSize } from '../SupplierMarketplaceSchemas';

/** The Supplier Marketplace Trigger's items for each Output (receiveSupplierDelivery.ts): the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'with Output: One Item per Size Line': deliveryItemSchema(
			{ productId: fieldOf(elementOf(fieldOf(SupplierSalesDelivery, 'products')), 'id') },
			{
				size: fieldOf(SupplierSize, 'value'),
				sizeId: orNull(SupplierSize, 'sizeId'),
				count: fieldOf(SupplierSize, 'count'),
				soldCount: orNull(SupplierSize, 'soldCount'),
			},
		),
		'with Output: One Item per Delivery': deliveryItemSchema({}, SupplierSalesDelivery),
	},
};
