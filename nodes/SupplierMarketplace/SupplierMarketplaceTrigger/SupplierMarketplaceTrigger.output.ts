import { deliveryItemSchema, elementOf, fieldOf, orNull } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { SupplierSalesDelivery } from '../SupplierMarketplace.schemas';

const SoldProduct = elementOf(fieldOf(SupplierSalesDelivery, 'products'));
const SoldSize = elementOf(fieldOf(SoldProduct, 'sizes'));

/** The Supplier Marketplace Trigger's items for each Output (SupplierMarketplaceTrigger.receive.ts): the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'with Output: One Item per Size Line': deliveryItemSchema(
			{ productId: fieldOf(SoldProduct, 'id') },
			{
				size: fieldOf(SoldSize, 'value'),
				sizeId: orNull(SoldSize, 'sizeId'),
				count: fieldOf(SoldSize, 'count'),
				soldCount: orNull(SoldSize, 'soldCount'),
			},
			{ payloadIssues: true },
		),
		'with Output: One Item per Delivery': deliveryItemSchema({}, SupplierSalesDelivery, { payloadIssues: true }),
	},
};
