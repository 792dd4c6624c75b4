/** Reads the SSH wire encoding (RFC 4251 section 5): uint32, uint64, length-prefixed strings. */
export class WireReader {
  #offset = 0;

  constructor(private readonly buffer: Buffer) {}

  get offset(): number {
    return this.#offset;
  }

  get done(): boolean {
    return this.#offset === this.buffer.length;
  }

  uint32(): number {
    this.#need(4);
    const value = this.buffer.readUInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }

  uint64(): bigint {
    this.#need(8);
    const value = this.buffer.readBigUInt64BE(this.#offset);
    this.#offset += 8;
    return value;
  }

  /** A string or an mpint: both are a uint32 length and that many bytes. */
  string(): Buffer {
    const length = this.uint32();
    this.#need(length);
    const value = this.buffer.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  text(): string {
    return this.string().toString('utf8');
  }

  /** The bytes read so far, starting at `from`. */
  since(from: number): Buffer {
    return this.buffer.subarray(from, this.#offset);
  }

  #need(length: number): void {
    if (this.#offset + length > this.buffer.length) throw new RangeError('truncated SSH data');
  }
}

/** A list of strings packed in one string, as certificates carry principals. */
export function readStringList(packed: Buffer): string[] {
  const reader = new WireReader(packed);
  const values: string[] = [];
  while (!reader.done) values.push(reader.text());
  return values;
}

export function wireString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
