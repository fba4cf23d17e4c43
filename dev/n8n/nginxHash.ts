import { crc32 } from 'zlib';

/**
 * Which server nginx's `hash $uri consistent` picks for a path, computed as nginx does it
 * (ngx_http_upstream_hash_module.c: ketama points, crc32), so that a test can choose webhook paths that land
 * on each webhook process instead of hoping random ones do.
 */

/** Points per server of weight 1, as nginx places them. */
const POINTS_PER_SERVER = 160;

interface Point {
	hash: number;
	server: number;
}

/** nginx hashes `crc32(HOST \0 PORT PREV_HASH)` for each point, the previous hash as 4 little-endian bytes. */
function pointsOf(address: string, server: number): Point[] {
	const colon = address.lastIndexOf(':');
	const base = Buffer.concat([Buffer.from(address.slice(0, colon)), Buffer.from([0]), Buffer.from(address.slice(colon + 1))]);
	const points: Point[] = [];
	const previous = Buffer.alloc(4);
	for (let point = 0; point < POINTS_PER_SERVER; point++) {
		const hash = crc32(previous, crc32(base));
		points.push({ hash, server });
		previous.writeUInt32LE(hash);
	}
	return points;
}

/** The index in `servers` (`127.0.0.1:5679`, as written in the upstream block, in its order) nginx passes `uri` to. */
export function nginxServerFor(uri: string, servers: string[]): number {
	const sorted = servers.flatMap(pointsOf).sort((a, b) => a.hash - b.hash);
	const points = sorted.filter((point, index) => index === 0 || point.hash !== sorted[index - 1].hash);
	const hash = crc32(uri);
	// the first point at or after the path's hash, round the circle
	let low = 0;
	let high = points.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (hash > points[middle].hash) low = middle + 1;
		else if (hash < points[middle].hash) high = middle;
		else return points[middle].server;
	}
	return points[low % points.length].server;
}
