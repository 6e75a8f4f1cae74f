/** A store operation the caller asked for cannot be done (duplicate token name, unreadable database, …). */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
