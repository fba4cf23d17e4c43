import type { INodeType } from 'n8n-workflow';

import { KinguinTrigger } from '../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { ShopgateTrigger } from '../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { ShopkitTrigger } from '../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { SupplierMarketplace } from '../../nodes/SupplierMarketplace/SupplierMarketplace/SupplierMarketplace.node';
import { SupplierMarketplaceTrigger } from '../../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.node';
import { TikiEventTrigger } from '../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.node';
import { TikiTrigger } from '../../nodes/Tiki/TikiTrigger/TikiTrigger.node';

const NODES: Record<string, new () => INodeType> = {
	kinguinTrigger: KinguinTrigger,
	shopgateTrigger: ShopgateTrigger,
	shopkitTrigger: ShopkitTrigger,
	supplierMarketplace: SupplierMarketplace,
	supplierMarketplaceTrigger: SupplierMarketplaceTrigger,
	tikiEventTrigger: TikiEventTrigger,
	tikiTrigger: TikiTrigger,
};

/** The version of one of the package's nodes (its name without the package) that the editor adds now. */
export function newestVersion(node: string): number {
	const type = NODES[node];
	if (!type) throw new Error(`The package has no node named ${node}`);
	const { version, defaultVersion } = new type().description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}
