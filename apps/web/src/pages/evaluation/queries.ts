import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useSession } from '../../session/session-store';

/** GET /api/evaluation/figures (caseworkers and team leads, purpose evaluation): only asked under it. */
export function useEvaluationFigures() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/evaluation/figures', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/evaluation/figures')).data!,
    enabled: Boolean(user && purpose === 'evaluation'),
  });
}
