import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { PlatformCredential } from '../../shared/transport/platformRequest';

/** What every call of one execution shares: the credential, read once, and the end of the Time Budget. */
export interface ShopkitCall {
	credential: PlatformCredential;
	/** Epoch ms: no call starts, waits or lasts beyond it. */
	deadline: number | undefined;
}

/** One operation of the Shopkit node: what it does for one input item, and whether it changes the store. */
export interface ShopkitOperation {
	run: (context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) => Promise<INodeExecutionData[]>;
	writes: boolean;
}
