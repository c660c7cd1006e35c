import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useSession } from '../../session/session-store';

/** GET /api/team/signals (team leads, purpose coordination): only asked under that purpose. */
export function useTeamSignals() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/team/signals', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/team/signals')).data!,
    enabled: Boolean(user && purpose === 'coordination'),
  });
}
