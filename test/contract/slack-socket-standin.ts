/**
 * Socket Mode stand-in (https://api.slack.com/apis/socket-mode): a minimal RFC 6455 WebSocket server that
 * plays Slack's side — `hello` on connect, envelopes (`slash_commands`, `events_api`, `interactive`) sent to the
 * app, and the app's acknowledgements (`{ envelope_id, payload? }`) recorded. Text frames and ping/pong only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SocketStandin {
  /** wss URL apps.connections.open hands out. */
  url: string;
  /** Sends an envelope and resolves with the app's acknowledgement for it. */
  send(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown): Promise<{ envelope_id: string; payload?: unknown }>;
  connected(): Promise<void>;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export async function startSocketStandin(): Promise<SocketStandin> {
  let socket: Duplex | undefined;
  let onConnect: () => void = () => undefined;
  const connectedP = new Promise<void>((r) => (onConnect = r));
  const waiting = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  const server: Server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, sock: Duplex) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
    sock.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket = sock;
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (let f = readFrame(buf); f; f = readFrame(buf)) {
        buf = buf.subarray(f.size);
        if (f.opcode === 0x9) sock.write(frame(0xa, f.data));
        else if (f.opcode === 0x8) sock.end(frame(0x8, Buffer.alloc(0)));
        else if (f.opcode === 0x1) {
          const msg = JSON.parse(f.data.toString('utf8')) as { envelope_id: string; payload?: unknown };
          waiting.get(msg.envelope_id)?.(msg);
        }
      }
    });
    sock.on('error', () => undefined);
    sock.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'standin', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0AIOPS' } }))));
    onConnect();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}`,
    connected: () => connectedP,
    send(type, payload) {
      const envelope_id = randomUUID();
      const acked = new Promise<{ envelope_id: string; payload?: unknown }>((r) => waiting.set(envelope_id, r));
      socket!.write(frame(0x1, Buffer.from(JSON.stringify({ envelope_id, payload, type, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }))));
      return acked;
    },
    close: () =>
      new Promise<void>((r) => {
        socket?.destroy();
        server.close(() => r());
      }),
  };
}

/** Server frames are unmasked; FIN set, no fragmentation. */
function frame(opcode: number, data: Buffer): Buffer {
  const len = data.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), u64(len)]);
  return Buffer.concat([head, data]);
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** Client frames are masked (RFC 6455 §5.3). */
function readFrame(buf: Buffer): { opcode: number; data: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let off = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    off = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    off = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < off + maskLen + len) return null;
  const mask = masked ? buf.subarray(off, off + 4) : null;
  const data = Buffer.from(buf.subarray(off + maskLen, off + maskLen + len));
  if (mask) for (let i = 0; i < data.length; i++) data[i]! ^= mask[i % 4]!;
  return { opcode, data, size: off + maskLen + len };
}
