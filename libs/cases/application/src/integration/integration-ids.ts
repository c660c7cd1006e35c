import { hash } from 'node:crypto';

/** Names the platform's integration event ids; part of every name that is hashed. */
export const INTEGRATION_ID_NAMESPACE = '95d5d38f-1ccf-4f92-8c37-ea13c71e6b07';

/**
 * A name-based id: SHA-1 of the namespace and `name`, laid out as a version-5 UUID. The same name
 * gives the same id on every redelivery, so consumers de-duplicate; different names give unrelated
 * ids, and the name (the domain event id in it) cannot be recovered from the id.
 */
export const derivedId = (name: string): string => {
  const h = hash('sha1', `${INTEGRATION_ID_NAMESPACE}|${name}`, 'hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
