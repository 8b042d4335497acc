/**
 * A minimal game client: `npm run listen` connects to the push WebSocket as the player whose access
 * token is in KUMO_TOKEN and prints each event as one JSON line (KUMO_URL, default
 * http://127.0.0.1:8080). It exits after KUMO_LISTEN_SECONDS if that is set.
 */
import WebSocket from 'ws';

const url = (process.env.KUMO_URL ?? 'http://127.0.0.1:8080').replace(/^http/, 'ws');
const token = process.env.KUMO_TOKEN;
if (!token) {
  console.error('set KUMO_TOKEN to a player access token');
  process.exit(2);
}

const socket = new WebSocket(`${url}/v1/push?token=${encodeURIComponent(token)}`);
socket.on('open', () => console.error('listening for push events'));
socket.on('message', (data) => console.log(String(data)));
socket.on('unexpected-response', (_request, response) => {
  console.error(`push connection refused: HTTP ${response.statusCode}`);
  process.exit(1);
});
socket.on('error', (error) => {
  console.error(`push connection failed: ${error.message}`);
  process.exit(1);
});
socket.on('close', () => process.exit(0));

const seconds = Number(process.env.KUMO_LISTEN_SECONDS);
if (seconds > 0) setTimeout(() => socket.close(), seconds * 1000);
