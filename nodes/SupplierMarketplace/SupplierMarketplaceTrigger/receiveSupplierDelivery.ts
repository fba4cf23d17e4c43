import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	acknowledge,
	deliveryItem,
	readJsonBody,
	refuseUnauthenticated,
	rejectBadRequest,
	validatePayload,
} from '../../shared';
import { SupplierSalesDelivery } from '../SupplierMarketplaceSchemas';
import { supplierAuthenticationFailure } from './supplierAuthenticationFailure';
import type { SupplierWebhookAuthentication } from './supplierWebhookAuthentication';
import { supplierDeliveryIsAuthentic, supplierWebhookCredential } from './supplierWebhookAuthentication';

function sizeLines(delivery: SupplierSalesDelivery): IDataObject[] {
	const receivedAt = new Date().toISOString();
	return delivery.products.flatMap((product) =>
		product.sizes.map((size) =>
			deliveryItem(
				{ productId: product.id },
				{ size: size.value, sizeId: size.sizeId ?? null, count: size.count, soldCount: size.soldCount ?? null },
				receivedAt,
			),
		),
	);
}

export async function receiveSupplierDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const authentication = this.getNodeParameter('authentication', 'headerSecret') as SupplierWebhookAuthentication;
	const credential = await supplierWebhookCredential(this, authentication);
	if (!supplierDeliveryIsAuthentic(this, authentication, credential)) {
		const challenge = authentication === 'basicAuth' ? { 'WWW-Authenticate': 'Basic realm="Supplier webhook"' } : undefined;
		return refuseUnauthenticated(this, () => supplierAuthenticationFailure(this, authentication, credential), challenge);
	}

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok) return rejectBadRequest(this, body.reason, body.status);
	const delivery = validatePayload(SupplierSalesDelivery, body.value);
	if (!delivery.ok) return rejectBadRequest(this, delivery.reason);

	const items =
		this.getNodeParameter('output', 'sizeLines') === 'sizeLines' ? sizeLines(delivery.value) : [deliveryItem({}, delivery.value)];
	return acknowledge(this, items, 200);
}
