import { type FormEvent, useState } from 'react';
import { schemaLimits } from '../../api/schema.gen';
import {
  Button,
  Dialog,
  DialogTrigger,
  Heading,
  Input,
  Label,
  Modal,
  TextArea,
  TextField,
} from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { type Category, needsOf } from '../../session/purposes';
import { useSession } from '../../session/session-store';
import { ChoiceField } from './ChoiceField';
import { fromLocalInput, toLocalInput, useDateTime } from './format';
import {
  type CorrectContactBody,
  type RecordContactBody,
  useCase,
  useContacts,
  useCorrectContact,
  useRecordContact,
} from './queries';
import './texts';

/** The API's bounds on a contact (the correction has the same). */
const CONTACT = schemaLimits.RecordContactDto;

type Contact = Schema<'ContactViewDto'>;
type Kind = RecordContactBody['kind'];
type Fields = Schema<'ContactFieldsDto'>;

export const CONTACT_KINDS: readonly Kind[] = [
  'office',
  'home_visit',
  'walk_and_talk',
  'phone',
  'video',
  'accompaniment',
];

/**
 * The categories a text may be filed under: `contacts` first, then what the declared purpose may need and the
 * case gives this reader (its `access.legalBasis`). A category the reader is not given would be refused
 * (403 TEXT.CATEGORY_NOT_PERMITTED): a health professional under a consent for health is not offered "Sucht".
 */
export function useTextCategories(caseId: string): Category[] {
  const { purpose } = useSession();
  const view = useCase(caseId).data;
  const needs = purpose ? needsOf(purpose) : [];
  const given = view ? new Set(Object.keys(view.access.legalBasis)) : undefined;
  return [
    'contacts',
    ...needs.filter(
      (c) => c !== 'contacts' && c !== 'identity' && c !== 'case_admin' && (given === undefined || given.has(c)),
    ),
  ];
}

function splitRoles(value: string): string[] {
  return value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
}

/** Kontakte: the contacts of the case, newest first, recording one, correcting one (the original kept). */
export function ContactsTab({ caseId: id }: { caseId: string }) {
  const { t } = useTranslation();
  const contacts = useContacts(id);
  // Forms only for what the API says this reader may record here (a partner, a supervising team lead: reading).
  const mayRecord = useCase(id).data?.access.recordable.includes('contacts') ?? false;
  return (
    <>
      <h2>{t('casePage.contacts.title')}</h2>
      {mayRecord ? <RecordContactForm caseId={id} /> : <p>{t('casePage.contacts.readOnly')}</p>}
      {contacts.error ? <ProblemMessage error={contacts.error} /> : null}
      {contacts.isPending && !contacts.error ? <p role="status">{t('app.loading')}</p> : null}
      {contacts.data?.items.length === 0 ? <p>{t('casePage.contacts.empty')}</p> : null}
      {contacts.data?.items.map((contact) => (
        <ContactEntry key={contact.id} caseId={id} contact={contact} mayCorrect={mayRecord} />
      ))}
    </>
  );
}

/** A contact lies at or after the case's first contact (the API refuses an earlier one): the inputs' min. */
function useEarliestContact(caseId: string): string | undefined {
  const firstContactAt = useCase(caseId).data?.caseAdmin?.firstContactAt;
  return firstContactAt ? toLocalInput(firstContactAt) : undefined;
}

function RecordContactForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const earliest = useEarliestContact(caseId);
  const record = useRecordContact(caseId);
  const categories = useTextCategories(caseId);
  const [kind, setKind] = useState<Kind>('walk_and_talk');
  const [occurredAt, setOccurredAt] = useState(() => toLocalInput(new Date()));
  const [duration, setDuration] = useState('45');
  const [participants, setParticipants] = useState('');
  const [note, setNote] = useState('');
  const [category, setCategory] = useState<Category>('contacts');
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const roles = splitRoles(participants);
    record.mutate(
      {
        kind,
        occurredAt: fromLocalInput(occurredAt),
        durationMinutes: Number(duration),
        ...(roles.length > 0 ? { participants: roles } : {}),
        ...(note.trim() ? { summary: note.trim(), summaryCategory: category } : {}),
      },
      {
        onSuccess: () => {
          setNote('');
          setParticipants('');
          setDone(true);
        },
      },
    );
  };

  return (
    <section aria-labelledby="record-contact" className="panel">
      <h3 id="record-contact">{t('casePage.contacts.record')}</h3>
      <form onSubmit={submit} className="stack">
        <ChoiceField
          label={t('casePage.contacts.kind')}
          options={CONTACT_KINDS.map((k) => ({ id: k, name: t(`casePage.contacts.kinds.${k}`) }))}
          value={kind}
          onChange={setKind}
          isRequired
        />
        <TextField value={occurredAt} onChange={setOccurredAt} type="datetime-local" isRequired className="field">
          <Label>{t('casePage.contacts.occurredAt')}</Label>
          <Input min={earliest} />
        </TextField>
        <TextField value={duration} onChange={setDuration} type="number" isRequired className="field">
          <Label>{t('casePage.contacts.duration')}</Label>
          <Input min={CONTACT.durationMinutes.minimum} max={CONTACT.durationMinutes.maximum} />
        </TextField>
        <TextField value={participants} onChange={setParticipants} className="field">
          <Label>{t('casePage.contacts.participants')}</Label>
          <Input />
        </TextField>
        <TextField value={note} onChange={setNote} maxLength={CONTACT.summary.maxLength} className="field">
          <Label>{t('casePage.contacts.note')}</Label>
          <TextArea rows={3} />
        </TextField>
        <ChoiceField
          label={t('casePage.contacts.noteCategory')}
          options={categories.map((c) => ({ id: c, name: t(`category.${c}`) }))}
          value={category}
          onChange={setCategory}
        />
        <Button type="submit">{t('casePage.contacts.submit')}</Button>
      </form>
      <p role="status">{done ? t('casePage.contacts.recorded') : ''}</p>
      {record.error ? <ProblemMessage error={record.error} /> : null}
    </section>
  );
}

/** One contact as it stands; under it each correction and, once corrected, the original. */
export function ContactEntry({
  caseId,
  contact,
  mayCorrect,
}: {
  caseId: string;
  contact: Contact;
  mayCorrect: boolean;
}) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const headingId = `contact-${contact.id}`;
  const [corrected, setCorrected] = useState(false);
  const describe = (fields: Partial<Fields>): string =>
    [
      fields.kind
        ? `${t('casePage.contacts.kind')}: ${t(`casePage.contacts.kinds.${fields.kind}`, { defaultValue: fields.kind })}`
        : null,
      fields.occurredAt ? `${t('casePage.contacts.occurredAt')}: ${dateTime(fields.occurredAt)}` : null,
      fields.durationMinutes !== undefined ? t('casePage.contacts.minutes', { count: fields.durationMinutes }) : null,
      fields.participants && fields.participants.length > 0 ? fields.participants.join(', ') : null,
      'summary' in fields ? `${t('casePage.contacts.note')}: ${summaryText(fields.summary)}` : null,
    ]
      .filter(Boolean)
      .join('; ');
  const summaryText = (summary: Fields['summary']) =>
    summary == null || summary === ''
      ? t('casePage.contacts.noNote')
      : typeof summary === 'string'
        ? summary
        : t('casePage.contacts.erasedText');

  return (
    <article aria-labelledby={headingId} className="contact">
      <h3 id={headingId}>
        {t(`casePage.contacts.kinds.${contact.kind}`, { defaultValue: contact.kind })}, {dateTime(contact.occurredAt)}
      </h3>
      <p>
        {t('casePage.contacts.minutes', { count: contact.durationMinutes })}
        {contact.participants.length > 0 ? ` – ${contact.participants.join(', ')}` : ''}
      </p>
      {'summary' in contact ? <p className="contact-note">{summaryText(contact.summary)}</p> : null}
      {contact.withheldTexts > 0 ? (
        <p>{t('casePage.contacts.withheldTexts', { count: contact.withheldTexts })}</p>
      ) : null}
      <p className="muted">
        {t('casePage.contacts.recordedBy', { user: contact.recordedBy, date: dateTime(contact.recordedAt) })}
      </p>
      {contact.corrections.length > 0 ? (
        <ul className="corrections">
          {contact.corrections.map((correction) => (
            <li key={correction.id}>
              {t('casePage.contacts.correctedAt', {
                date: dateTime(correction.correctedAt),
                user: correction.correctedBy,
              })}
              {correction.reason !== undefined
                ? ` – ${t('casePage.contacts.correctedReason', {
                    reason:
                      typeof correction.reason === 'string' ? correction.reason : t('casePage.contacts.erasedText'),
                  })}`
                : ''}
            </li>
          ))}
          <li className="original">{t('casePage.contacts.original', { fields: describe(contact.original) })}</li>
        </ul>
      ) : null}
      {mayCorrect ? (
        <CorrectContactDialog caseId={caseId} contact={contact} onCorrected={() => setCorrected(true)} />
      ) : null}
      <p role="status">{corrected ? t('casePage.contacts.corrected') : ''}</p>
    </article>
  );
}

function CorrectContactDialog({
  caseId,
  contact,
  onCorrected,
}: {
  caseId: string;
  contact: Contact;
  onCorrected: () => void;
}) {
  const { t } = useTranslation();
  const earliest = useEarliestContact(caseId);
  const correct = useCorrectContact(caseId);
  const categories = useTextCategories(caseId);
  const currentSummary = typeof contact.summary === 'string' ? contact.summary : '';
  const summaryReadable = 'summary' in contact && (contact.summary == null || typeof contact.summary === 'string');
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>(contact.kind as Kind);
  const [occurredAt, setOccurredAt] = useState(toLocalInput(contact.occurredAt));
  const [duration, setDuration] = useState(String(contact.durationMinutes));
  const [note, setNote] = useState(currentSummary);
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState<Category>('contacts');
  const [message, setMessage] = useState('');

  const reset = () => {
    setKind(contact.kind as Kind);
    setOccurredAt(toLocalInput(contact.occurredAt));
    setDuration(String(contact.durationMinutes));
    setNote(currentSummary);
    setReason('');
    setMessage('');
    correct.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CorrectContactBody = { reason: reason.trim(), reasonCategory: category };
    if (kind !== contact.kind) body.kind = kind;
    if (toLocalInput(contact.occurredAt) !== occurredAt) body.occurredAt = fromLocalInput(occurredAt);
    if (Number(duration) !== contact.durationMinutes) body.durationMinutes = Number(duration);
    if (summaryReadable && note.trim() !== currentSummary) {
      body.summary = note.trim();
      if (note.trim()) body.summaryCategory = category;
    }
    if (Object.keys(body).length === 2) {
      setMessage(t('casePage.contacts.noChange'));
      return;
    }
    correct.mutate(
      { contactId: contact.id, body },
      {
        onSuccess: () => {
          setOpen(false);
          onCorrected();
        },
      },
    );
  };

  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        if (next) reset();
        setOpen(next);
      }}
    >
      <Button>{t('casePage.contacts.correct')}</Button>
      <Modal isDismissable className="modal">
        <Dialog className="dialog">
          <Heading slot="title">{t('casePage.contacts.correctTitle')}</Heading>
          <form onSubmit={submit} className="stack">
            <ChoiceField
              label={t('casePage.contacts.kind')}
              options={CONTACT_KINDS.map((k) => ({ id: k, name: t(`casePage.contacts.kinds.${k}`) }))}
              value={kind}
              onChange={setKind}
            />
            <TextField value={occurredAt} onChange={setOccurredAt} type="datetime-local" className="field">
              <Label>{t('casePage.contacts.occurredAt')}</Label>
              <Input min={earliest} />
            </TextField>
            <TextField value={duration} onChange={setDuration} type="number" className="field">
              <Label>{t('casePage.contacts.duration')}</Label>
              <Input min={CONTACT.durationMinutes.minimum} max={CONTACT.durationMinutes.maximum} />
            </TextField>
            {summaryReadable ? (
              <TextField value={note} onChange={setNote} maxLength={CONTACT.summary.maxLength} className="field">
                <Label>{t('casePage.contacts.note')}</Label>
                <TextArea rows={3} />
              </TextField>
            ) : null}
            <TextField value={reason} onChange={setReason} isRequired className="field">
              <Label>{t('casePage.contacts.reason')}</Label>
              <TextArea rows={2} maxLength={500} />
            </TextField>
            <ChoiceField
              label={t('casePage.contacts.reasonCategory')}
              options={categories.map((c) => ({ id: c, name: t(`category.${c}`) }))}
              value={category}
              onChange={setCategory}
            />
            <p role="status">{message}</p>
            {correct.error ? <ProblemMessage error={correct.error} /> : null}
            <div className="buttons">
              <Button type="submit">{t('casePage.contacts.saveCorrection')}</Button>
              <Button slot="close">{t('casePage.contacts.cancel')}</Button>
            </div>
          </form>
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
