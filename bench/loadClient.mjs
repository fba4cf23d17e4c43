// A load generator in its own process: reads {requests: [{url, headers, body}], concurrency, timeLimitMs}
// from stdin, sends them over keep-alive connections with a fixed concurrency, stops at the time limit,
// and prints {elapsedMs, latenciesMs, statuses} as JSON.
import { Agent, request } from 'node:http';

const input = JSON.parse(await new Promise((resolve) => {
	let text = '';
	process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
}));
const agent = new Agent({ keepAlive: true, maxSockets: input.concurrency });
const deadline = Date.now() + input.timeLimitMs;
const latenciesMs = [];
const statuses = {};
let next = 0;

function send({ url, headers, body }) {
	return new Promise((resolve) => {
		const started = process.hrtime.bigint();
		const req = request(url, { method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
			res.resume();
			res.on('end', () => {
				latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
				statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
				resolve();
			});
		});
		req.on('error', () => {
			statuses.error = (statuses.error ?? 0) + 1;
			resolve();
		});
		req.end(body);
	});
}

async function worker() {
	while (next < input.requests.length && Date.now() < deadline) await send(input.requests[next++]);
}

const started = Date.now();
await Promise.all(Array.from({ length: input.concurrency }, worker));
agent.destroy();
process.stdout.write(JSON.stringify({ elapsedMs: Date.now() - started, latenciesMs, statuses }));
