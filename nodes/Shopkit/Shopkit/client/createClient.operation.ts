import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { writeOnce } from '../../../shared/action/writeOnce';
import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { listShopkitRecords, SHOPKIT_ONCE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { clientIn, one, withTagList } from './clientFields';

/**
 * Client → Create: `POST /client/`, never twice (writeOnce). Shopkit answers 409 for an e-mail it has, and after a
 * failure that may have passed the client is looked up by its e-mail: either way the existing client is the
 * answer, with `alreadyExisted`.
 */
export async function createClient(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const email = String(context.getNodeParameter('email', itemIndex)).trim();
	const body = withTagList({ send_signup_email: false, ...(context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject), name: context.getNodeParameter('name', itemIndex), email });
	const lookUp = async () => (await listShopkitRecords(context, { path: '/client', qs: { q: email }, noun: 'clients', ...call, itemIndex })).find((client) => client.email === email);
	const { value, readBack } = await writeOnce<IDataObject | undefined>(context.getNode(), {
		send: async () => {
			const answer = await sendToPlatform<unknown>(context, shopkitStoreApiAbout('such client', SHOPKIT_ONCE), { method: 'POST', path: '/client/', body, acceptedFailures: ['409'] }, { ...call, itemIndex });
			return answer.body === undefined ? { ...(await lookUp()), alreadyExisted: true } : clientIn(answer.body);
		},
		lookUp: async () => {
			const found = await lookUp();
			return found && { ...found, alreadyExisted: true };
		},
		unknown: `Shopkit may have created the client ${email}, and it could not be looked up to tell: check the clients in Shopkit before creating it again.`,
	});
	return one(itemIndex, readBack ? { ...value, readBack } : value);
}
