import type { ShopkitOperation } from '../shopkitOperation';
import { createProduct } from './createProduct.operation';
import { getManyProducts } from './getManyProducts.operation';
import { getProduct } from './getProduct.operation';
import { updateProduct } from './updateProduct.operation';
import { updateVariant } from './updateVariant.operation';

/** Each product operation, and whether it writes (a failure that may have passed is then `unknown`). */
export const PRODUCT_OPERATIONS: Record<string, ShopkitOperation> = {
	get: { run: getProduct, writes: false },
	getMany: { run: getManyProducts, writes: false },
	create: { run: createProduct, writes: true },
	update: { run: updateProduct, writes: true },
	updateVariant: { run: updateVariant, writes: true },
};
