/** A participant's name as lists show it: "Familienname, Vorname" (sorts and reads like a file register). */
export const listedName = (participant: { readonly givenName: string; readonly familyName: string }): string =>
  `${participant.familyName}, ${participant.givenName}`;
