import { type Actor } from './actor';
import { type DataCategory, type Purpose, type Role } from './vocabulary';

/** A domain event as the domain sees it: a type and its data. */
export interface Event<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly data: TData;
}

/** The purpose of what a participant does on their own case: not an agency's purpose, the data subject's right. */
export const DATA_SUBJECT_ACCESS = 'data_subject_access';

/** Facts every event carries, set by the application layer from the command's context. */
export interface EventMetadata {
  readonly occurredAt: string;
  /** Staff, or the participant acting on their own case (role `participant`, agencyId `(participant)`). */
  readonly actor: { readonly userId: string; readonly agencyId: string; readonly role: Role };
  /** An agency's purpose, or DATA_SUBJECT_ACCESS for what the participant does on their own case. */
  readonly purpose: Purpose | typeof DATA_SUBJECT_ACCESS;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** What a command knows about its context: time and actor come in, they are not made inside. */
export interface CommandContext {
  readonly now: Date;
  readonly actor: Actor;
  readonly purpose: Purpose;
}

/**
 * Which fields of an event's data are personal data of which data subject. The event store encrypts
 * these under the subject's key (crypto-shredding): erasing the key erases the fields in every copy of
 * the log without rewriting it.
 */
export interface PersonalDataSpec<TData extends object = object> {
  readonly subjectOf: (data: TData) => string;
  readonly fields: readonly (keyof TData & string)[];
  /**
   * The data category of a personal field, read from the data (keys per retention class, issue 17): each
   * category is sealed under its own key (`subject#category`), so one category can be erased while the
   * rest stays readable. For an array field it may name one category per item (same length as the
   * array). Absent: every field is sealed under the subject's own key, erased only with the subject.
   */
  readonly categoryOf?: (data: TData, field: keyof TData & string) => DataCategory | readonly DataCategory[];
}
export type PersonalDataSpecs = Readonly<Record<string, PersonalDataSpec<never>>>;

/** The value a personal field takes after its subject's key was erased. */
export const ERASED = Object.freeze({ erased: true as const });
export type Erased = typeof ERASED;
export const isErased = (value: unknown): value is Erased =>
  typeof value === 'object' && value !== null && (value as { erased?: unknown }).erased === true;
