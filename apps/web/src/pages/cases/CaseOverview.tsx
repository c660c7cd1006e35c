/** The case page's tab (being built). */
export function CaseOverview() {
  return <h2>Overview</h2>;
}
