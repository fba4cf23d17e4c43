import { nginxServerFor } from '../../../dev/n8n/nginxHash';

/**
 * Where nginx 1.22 (Debian's) with `hash $uri consistent` over `server 127.0.0.1:47001; server 127.0.0.1:47002;`
 * passed these paths, as two servers answering their index told: the queue tests rely on the same choice.
 */
const PASSED_BY_NGINX: Array<[string, number]> = [
	['/webhook/44b6f7e2-2e8d-4ad1-857c-539f77ec39cb/webhook', 0],
	['/webhook/14d627ce-6fd5-4eb7-9529-e3ca2a5cdee2/webhook', 1],
	['/webhook/5697e861-4289-4554-977f-39100e3ca7c0/webhook', 0],
	['/webhook/d6514ce4-4852-4d8a-9d68-6b9f95c41c7e/webhook', 1],
	['/webhook/5effc49f-ffe1-492a-af67-daa47977be86/webhook', 1],
	['/webhook/85dee381-37e0-4d54-99c2-cd0126af566a/webhook', 0],
	['/webhook/310704e1-b4d9-4b98-8f79-ffca7e8955e5/webhook', 0],
	['/webhook/5653b9e7-cc0c-4a2a-99ee-b608ee96b7d8/webhook', 1],
	['/webhook/744135cc-aeb5-42ab-b7f5-5841492a1867/webhook', 1],
	['/webhook/229379da-6a12-4ef6-a121-5aec16fe4731/webhook', 0],
	['/webhook/df2370b0-fc1a-4c3f-92c3-4bc98d366dd6/webhook', 1],
	['/webhook/b14f2cc6-42b3-4eca-879a-e129d6b33e83/webhook', 1],
];

describe("nginx's consistent hash, computed", () => {
	it('picks the server nginx picked for each path', () => {
		const servers = ['127.0.0.1:47001', '127.0.0.1:47002'];
		expect(PASSED_BY_NGINX.map(([path]) => [path, nginxServerFor(path, servers)])).toEqual(PASSED_BY_NGINX);
	});
});
