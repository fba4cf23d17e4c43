import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload } from '../../shared/inbound/invalidPayloads';
import { deliveryItem } from '../../shared/inbound/items';
import { isPlainObject, payloadFields, readBody } from '../../shared/inbound/payloadReading';
import { readJsonBody } from '../../shared/inbound/body';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import type { PayloadIssue, PayloadReading } from '../../shared/inbound/payloadReading';
import { SupplierSalesDelivery } from '../SupplierMarketplace.schemas';
import type { SupplierSalesDelivery as SalesDelivery } from '../SupplierMarketplace.schemas';
import type { SupplierWebhookAuthentication } from './SupplierMarketplaceTrigger.authentication';
import { authenticateSupplierDelivery, supplierAuthenticationFailure } from './SupplierMarketplaceTrigger.authentication';

/** The supplier marketplace expects 200 for a delivery it need not send again. */
export const SUPPLIER_ACCEPTED_STATUS = 200;

/** The issues that concern size line `size` of product `product`: its own, its product's and the delivery's. */
function issuesOfLine(issues: PayloadIssue[], product: number, size?: number): PayloadIssue[] {
	if (issues.length === 0) return issues;
	const productPath = `products.${product}`;
	const sizePath = `${productPath}.sizes.${size}`;
	return issues.filter(({ path }) => {
		if (!path.startsWith('products.')) return true;
		if (path !== productPath && !path.startsWith(`${productPath}.`)) return false;
		if (!path.startsWith(`${productPath}.sizes.`)) return true;
		return path === sizePath || path.startsWith(`${sizePath}.`);
	});
}

/**
 * One item per size line. A delivery that broke its schema gives the lines that could be read, each with
 * the issues that concern it; a product or line that is not an object, or a product without a list of
 * sizes, gives one line of nulls carrying what was sent.
 */
function sizeLines({ value, issues }: PayloadReading<SalesDelivery>): IDataObject[] {
	const receivedAt = new Date().toISOString();
	if (!isPlainObject(value) || !Array.isArray(value.products)) return [deliveryItem({}, payloadFields(value), { receivedAt, payloadIssues: issues })];
	const none = { size: null, sizeId: null, count: null, soldCount: null };
	const valid = { receivedAt };
	return value.products.flatMap((product: unknown, productIndex) => {
		if (!isPlainObject(product)) return [deliveryItem({ productId: null }, { ...none, product }, { receivedAt, payloadIssues: issuesOfLine(issues, productIndex) })];
		const leading = { productId: product.id ?? null };
		if (!Array.isArray(product.sizes)) {
			return [deliveryItem(leading, { ...none, sizes: product.sizes ?? null }, { receivedAt, payloadIssues: issuesOfLine(issues, productIndex) })];
		}
		return product.sizes.map((size: unknown, sizeIndex) => {
			const closing = issues.length === 0 ? valid : { receivedAt, payloadIssues: issuesOfLine(issues, productIndex, sizeIndex) };
			if (!isPlainObject(size)) return deliveryItem(leading, { ...none, line: size as IDataObject }, closing);
			return deliveryItem(
				leading,
				{ size: size.value ?? null, sizeId: size.sizeId ?? null, count: size.count ?? null, soldCount: size.soldCount ?? null },
				closing,
			);
		});
	});
}

export async function receiveSupplierDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const authentication = this.getNodeParameter('authentication', 'headerSecret') as SupplierWebhookAuthentication;
	const { authentic, credential } = await authenticateSupplierDelivery(this, authentication);
	if (!authentic) {
		const challenge = authentication === 'basicAuth' ? { 'WWW-Authenticate': 'Basic realm="Supplier webhook"' } : undefined;
		return refuseUnauthenticated(this, () => supplierAuthenticationFailure(this, authentication, credential), challenge);
	}

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	const delivery = readBody(SupplierSalesDelivery, body);
	const items =
		this.getNodeParameter('output', 'sizeLines') === 'sizeLines'
			? sizeLines(delivery)
			: [deliveryItem({}, payloadFields(delivery.value), { payloadIssues: delivery.issues })];
	if (delivery.issues.length > 0) return answerInvalidPayload(this, delivery.issues, items, { status: SUPPLIER_ACCEPTED_STATUS });
	return acknowledge(this, items, SUPPLIER_ACCEPTED_STATUS);
}
