export { bytesEqual, emptyRoot, leafHash, nodeHash, type Hash } from './lib/merkle.hash';
export { toHex, fromHex } from './lib/hex';
export { InvalidHexError, TreeRangeError } from './lib/merkle.errors';
export { MerkleTreeBuilder, rootOf, type SubtreeObserver } from './lib/merkle.root';
export {
  consistencyProof,
  consistencyProofFrom,
  inclusionProof,
  inclusionProofFrom,
  rootFrom,
  type SubtreeRoot,
} from './lib/merkle.proofs';
export { verifyConsistency, verifyInclusion, type Verification } from './lib/merkle.verify';
