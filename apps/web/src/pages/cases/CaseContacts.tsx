/** The case page's tab (being built). */
export function CaseContacts() {
  return <h2>Contacts</h2>;
}
