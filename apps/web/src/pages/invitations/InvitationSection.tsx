import { useWrite } from '../../api/write';
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { api } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { addTexts } from '../../i18n/texts';
import { useSession } from '../../session/session-store';
import { invitationTexts } from './texts';
import './invitation.css';

addTexts('invitation', invitationTexts);

/** POST /api/cases/{id}/participant-invitations: a one-time code, shown once, with its expiry. */
export function useIssueInvitation(caseId: string) {
  return useWrite({
    mutationFn: async () =>
      (await api.POST('/api/cases/{id}/participant-invitations', { params: { path: { id: caseId } } })).data!,
  });
}

/** Prints only the code and its explanation (invitation.css). */
const printCode = () => {
  document.body.classList.add('printing-invitation');
  try {
    window.print();
  } finally {
    document.body.classList.remove('printing-invitation');
  }
};

/**
 * "Zugang für die Person" (case tab Einwilligungen): the caseworker issues an invitation code for the
 * person. The API stores only its hash, so the code is shown once, here, with its expiry and a print
 * button; a new press issues a new code.
 */
export function InvitationSection({ caseId }: { caseId: string }) {
  const { user } = useSession();
  // Only a caseworker (on the case team: the API decides) issues invitations; others see nothing of it.
  return user?.role === 'caseworker' ? <Invitation caseId={caseId} /> : null;
}

function Invitation({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const issue = useIssueInvitation(caseId);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="panel invitation">
      <h3 id={headingId}>{t('invitation.heading')}</h3>
      <p>{t('invitation.intro')}</p>
      <Button onPress={() => issue.mutate()}>{t('invitation.issue')}</Button>
      <div role="status">
        {issue.data ? (
          <div className="invitation-code" data-testid="invitation-code">
            <p>{t('invitation.issued')}</p>
            <p>
              {t('invitation.code')}: <strong className="code">{issue.data.code}</strong>
            </p>
            <p>{t('invitation.expires', { date: format.dateTime(issue.data.expiresAt) })}</p>
            <p>{t('invitation.once')}</p>
            <p>{t('invitation.how')}</p>
          </div>
        ) : null}
      </div>
      {issue.data ? <Button onPress={printCode}>{t('invitation.print')}</Button> : null}
      {issue.error ? <ProblemMessage error={issue.error} /> : null}
    </section>
  );
}
