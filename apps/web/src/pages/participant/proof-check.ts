import { useCallback, useState } from 'react';
import type { ProofStep } from '../../participant/proof';
import { fetchAccessProof, fetchCheckpointKey } from './queries';

export type ProofState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'valid'; readonly checkpointIssuedAt: string }
  | { readonly status: 'invalid'; readonly step: ProofStep }
  | { readonly status: 'error'; readonly error: unknown };

export interface ProofCheck {
  readonly state: ProofState;
  readonly run: () => void;
}

/**
 * "Prüfen": fetches the entry's proof and the checkpoint key, and verifies both in the browser
 * (WebCrypto, apps/web/src/participant/proof.ts): the entry's leaf is in the tree the checkpoint
 * signs, and the signature is the log's. The verifier loads on first use.
 */
export function useProofCheck(caseId: string, index: number): ProofCheck {
  const [state, setState] = useState<ProofState>({ status: 'idle' });
  const run = useCallback(() => {
    setState({ status: 'running' });
    void (async () => {
      try {
        const [proof, key, verifier] = await Promise.all([
          fetchAccessProof(caseId, index),
          fetchCheckpointKey(),
          import('../../participant/proof'),
        ]);
        const result = await verifier.verifyAccessProof(proof, key);
        setState(
          result.valid
            ? { status: 'valid', checkpointIssuedAt: proof.checkpoint.issuedAt }
            : { status: 'invalid', step: result.step },
        );
      } catch (error) {
        setState({ status: 'error', error });
      }
    })();
  }, [caseId, index]);
  return { state, run };
}
