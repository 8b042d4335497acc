import { InvalidCursor } from '../ports/errors';

/** The opaque page cursor "resume after this document key" (base64url of the key), for stores that page by key. */
export function encodeKeyCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The key an `encodeKeyCursor` cursor resumes after; `InvalidCursor` for anything that encoding did not make. */
export function decodeKeyCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeKeyCursor(key) !== cursor) throw new InvalidCursor();
  return key;
}
