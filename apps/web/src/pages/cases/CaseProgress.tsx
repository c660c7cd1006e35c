/** The case page's tab (being built). */
export function CaseProgress() {
  return <h2>Progress</h2>;
}
