import { connect as connectTcp, type Socket } from 'node:net';

type Reply = string | number | null | Error | Reply[];

interface Pending {
  resolve: (value: Reply) => void;
  reject: (error: Error) => void;
}

/**
 * A small Redis client speaking RESP2 over one TCP connection, shaped like Bun's built-in `RedisClient`
 * (`send`, `connected`, `onconnect`, `onclose`, `duplicate`) so BullMQ 6 adopts it through its own Bun adapter.
 * It exists because no Redis driver (ioredis, node-redis) is installed here; BullMQ's Lua scripts do the queue
 * work, so a command channel is all it needs. Replies come back in request order, so commands pipeline freely.
 */
export class RespClient {
  readonly url: string;
  connected = false;
  onconnect: (() => void) | undefined;
  onclose: ((error?: Error) => void) | undefined;
  #socket: Socket | undefined;
  #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #connecting: Promise<void> | undefined;

  constructor(url: string) {
    this.url = url;
  }

  /** Opens the connection (AUTH and SELECT from the URL); resolves once commands can be sent. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.#connecting ??= new Promise<void>((resolve, reject) => {
      const target = new URL(this.url);
      const socket = connectTcp({ host: target.hostname || '127.0.0.1', port: Number(target.port || 6379) });
      socket.setNoDelay(true);
      this.#socket = socket;
      socket.on('data', (chunk) => this.#receive(chunk));
      socket.once('error', (error) => {
        if (!this.connected) reject(error);
      });
      socket.once('close', () => {
        const wasConnected = this.connected;
        this.connected = false;
        this.#connecting = undefined;
        const error = new Error('Connection closed');
        for (const p of this.#pending.splice(0)) p.reject(error);
        if (wasConnected) this.onclose?.(error);
      });
      socket.once('connect', async () => {
        this.connected = true;
        try {
          if (target.password) {
            const user = decodeURIComponent(target.username);
            const pass = decodeURIComponent(target.password);
            await this.send('AUTH', user ? [user, pass] : [pass]);
          }
          const db = target.pathname.replace(/^\//, '');
          if (db) await this.send('SELECT', [db]);
          this.onconnect?.();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.#connecting;
  }

  /** Sends one command; resolves with its reply, rejects with a Redis error reply. */
  send(command: string, args: ReadonlyArray<string | number | Buffer>): Promise<Reply> {
    const socket = this.#socket;
    if (!socket || !this.connected) return Promise.reject(new Error('Connection closed'));
    const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n`)];
    for (const arg of [command, ...args]) {
      const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
    }
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      socket.write(Buffer.concat(parts));
    });
  }

  /** A second connection to the same server (BullMQ blocks one connection per worker on BZPOPMIN). */
  async duplicate(): Promise<RespClient> {
    return new RespClient(this.url);
  }

  /** Closes the connection; pending commands are rejected. */
  close(): void {
    this.#socket?.destroy();
  }

  /** Same as {@link close}; BullMQ recognises a client instance by `connect`/`disconnect`/`duplicate`. */
  disconnect(): void {
    this.close();
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const parsed = parseReply(this.#buffer, 0);
      if (!parsed) return;
      this.#buffer = this.#buffer.subarray(parsed.end);
      const pending = this.#pending.shift();
      if (!pending) continue;
      if (parsed.value instanceof Error) pending.reject(parsed.value);
      else pending.resolve(parsed.value);
    }
  }
}

/** Parses one RESP2 reply at `start`; undefined when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, start: number): { value: Reply; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}
