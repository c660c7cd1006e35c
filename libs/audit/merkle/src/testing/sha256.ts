import { hash } from 'node:crypto';
import { type Hash } from '../lib/merkle.hash';

/** SHA-256 as a plain Uint8Array (not a Buffer, so that jest's toEqual compares like with like). */
export const sha256: Hash = (data) => new Uint8Array(hash('sha256', data, 'buffer'));
