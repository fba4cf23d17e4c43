import type { INodePropertyOptions } from 'n8n-workflow';

/** The statuses `PUT /order/{id}` sets and `GET /order` filters by (Shopkit's `status_alias`). */
export const ORDER_STATUSES = [
	'pending',
	'processing',
	'sent',
	'canceled',
	'waiting_confirmation',
	'waiting_payment',
	'waiting_stock',
	'delivered',
	'returned',
	'pickup_available',
	'waiting_shipment',
] as const;

const label = (status: string) => status.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());

export const ORDER_STATUS_OPTIONS: INodePropertyOptions[] = [...ORDER_STATUSES].sort().map((status) => ({ name: label(status), value: status }));
