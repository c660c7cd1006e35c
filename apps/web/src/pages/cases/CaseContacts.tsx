import { useParams } from 'react-router';
import { ContactsTab } from './ContactsTab';

/** /cases/:id/contacts — Kontakte: the case id from the address; the tab takes it as a prop (tested without a router). */
export function CaseContacts() {
  const { id = '' } = useParams();
  return <ContactsTab caseId={id} />;
}
