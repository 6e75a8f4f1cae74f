import type { Readable } from 'node:stream';

/**
 * Watches a stream's bytes without consuming them, keeping at most `limit` bytes: enough to infer a shape, never
 * an unbounded buffer. Past the limit the prefix is dropped (a truncated JSON body says nothing reliable).
 */
export class BodyTap {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #truncated = false;

  constructor(stream: Readable, limit: number) {
    this.#limit = limit;
    stream.on('data', (chunk: Buffer) => this.#add(chunk));
  }

  #add(chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#truncated) return;
    if (this.#size > this.#limit) {
      this.#truncated = true;
      this.#chunks = [];
      return;
    }
    this.#chunks.push(chunk);
  }

  /** Total bytes that went through. */
  get size(): number {
    return this.#size;
  }

  /** True when the body was larger than the limit (no bytes kept). */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** The whole body when it fit under the limit; undefined otherwise. */
  bytes(): Buffer | undefined {
    return this.#truncated ? undefined : Buffer.concat(this.#chunks, this.#size);
  }
}
