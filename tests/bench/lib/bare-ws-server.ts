// P4's baseline: the least a live update to every subscriber can cost. A bare `ws` server that speaks the
// platform's subscribe protocol and, on `POST /trigger`, sends one event (serialized once) to every subscriber of
// the channel. Started by the bench as a child process on PORT; stops on SIGTERM.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT);
const byChannel = new Map<string, Set<WebSocket>>();
let sequence = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || !req.url?.startsWith('/trigger')) {
    res.writeHead(404).end();
    return;
  }
  req.resume();
  req.on('end', () => {
    const channel = new URL(req.url!, 'http://x').searchParams.get('channel') ?? 'district:auezov';
    const message = JSON.stringify({
      type: 'event',
      channel,
      event: {
        kind: 'proposal.created',
        id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
        districtSlug: 'auezov',
        status: 'submitted',
        at: new Date().toISOString(),
      },
    });
    let delivered = 0;
    for (const socket of byChannel.get(channel) ?? []) {
      socket.send(message);
      delivered++;
    }
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ delivered }));
  });
});

const wss = new WebSocketServer({ server, path: '/api/v1/live', maxPayload: 4096 });
wss.on('connection', (socket) => {
  const mine = new Set<string>();
  socket.on('message', (raw) => {
    let parsed: { type?: string; channel?: string };
    try {
      parsed = JSON.parse(raw.toString());
    } catch {
      return;
    }
    if (parsed.type === 'subscribe' && typeof parsed.channel === 'string') {
      if (!byChannel.has(parsed.channel)) byChannel.set(parsed.channel, new Set());
      byChannel.get(parsed.channel)!.add(socket);
      mine.add(parsed.channel);
      socket.send(JSON.stringify({ type: 'subscribed', channel: parsed.channel }));
    }
  });
  socket.on('close', () => {
    for (const channel of mine) byChannel.get(channel)?.delete(socket);
  });
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
