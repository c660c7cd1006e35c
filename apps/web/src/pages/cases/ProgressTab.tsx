import { type FormEvent, useState } from 'react';
import { Button, Input, Label, Radio, RadioGroup, TextField } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schema } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { fromLocalInput, toLocalInput, useDateTime } from './format';
import { type AssessProgressBody, useAssessProgress, useCase, useProgress } from './queries';
import { WithheldTab } from './WithheldTab';
import './texts';

type Curve = Schema<'ProgressCurveDto'>;
type Dimension = Schema<'ProgressDimensionCurveDto'>['dimension'];
type Perspective = AssessProgressBody['perspective'];

export const DIMENSIONS: readonly Dimension[] = [
  'health_stability',
  'daily_structure',
  'housing',
  'finances',
  'social_participation',
  'self_efficacy',
  'work_readiness',
];
const PERSPECTIVES: readonly Perspective[] = ['coach', 'self'];
// Lines differ in colour (each at least 3:1 on white) and in dash pattern, so colour is not the only cue.
const STROKES = ['#0b4f8a', '#b3470b', '#1b7a3a', '#6a2c91', '#a4000f', '#00677a', '#595959'];
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3', '10 2'];

/** One row per assessment of a perspective: when, and the rating of each dimension it rated. */
export interface AssessmentRow {
  assessmentId: string;
  assessedAt: string;
  ratings: Partial<Record<Dimension, number>>;
}

export function rowsOf(curve: Curve, perspective: Perspective): AssessmentRow[] {
  const rows = new Map<string, AssessmentRow>();
  for (const dimension of curve.dimensions) {
    for (const point of dimension[perspective]) {
      const row = rows.get(point.assessmentId) ?? {
        assessmentId: point.assessmentId,
        assessedAt: point.assessedAt,
        ratings: {},
      };
      row.ratings[dimension.dimension] = point.rating;
      rows.set(point.assessmentId, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.assessedAt.localeCompare(b.assessedAt));
}

/** Fortschritt: the ratings over time per perspective, as a chart and as a table; recording one. */
export function ProgressTab({ caseId: id }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('casePage.progress.title')}</h2>
      <WithheldTab caseId={id} category="progress">
        <Progress caseId={id} />
      </WithheldTab>
    </>
  );
}

function Progress({ caseId: id }: { caseId: string }) {
  const { t } = useTranslation();
  const progress = useProgress(id);
  // The form only for a reader who may record progress here (a partner or a supervising team lead reads).
  const mayRecord = useCase(id).data?.access.recordable.includes('progress') ?? false;
  return (
    <>
      {progress.error ? <ProblemMessage error={progress.error} /> : null}
      {progress.isPending && !progress.error ? <p role="status">{t('app.loading')}</p> : null}
      {progress.data
        ? PERSPECTIVES.map((perspective) => (
            <ProgressFigure key={perspective} curve={progress.data} perspective={perspective} />
          ))
        : null}
      {mayRecord ? <AssessForm caseId={id} scale={progress.data?.scale ?? { min: 1, max: 5 }} /> : null}
    </>
  );
}

export function ProgressFigure({ curve, perspective }: { curve: Curve; perspective: Perspective }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dateTime = useDateTime();
  const rows = rowsOf(curve, perspective);
  const rated = DIMENSIONS.filter((d) => rows.some((row) => row.ratings[d] !== undefined));
  const perspectiveName = t(`casePage.progress.perspectives.${perspective}`);
  const headingId = `progress-${perspective}`;
  const data = rows.map((row) => ({ label: dateTime(row.assessedAt), ...row.ratings }));
  const ticks = Array.from({ length: curve.scale.max - curve.scale.min + 1 }, (_, i) => curve.scale.min + i);
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t('casePage.progress.chartTitle', { perspective: perspectiveName })}</h3>
      {rows.length === 0 ? (
        <p>{t('casePage.progress.none')}</p>
      ) : (
        <>
          {/* The chart is for the eye; the table below carries the same figures for everyone. */}
          <div aria-hidden="true" className="chart">
            <ResponsiveContainer width="100%" height={280}>
              <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid stroke="#d9d9d9" />
                <XAxis dataKey="label" stroke="#4d4d4d" />
                <YAxis
                  domain={[curve.scale.min, curve.scale.max]}
                  ticks={ticks}
                  allowDecimals={false}
                  stroke="#4d4d4d"
                />
                <Tooltip />
                <Legend />
                {rated.map((dimension) => {
                  const index = DIMENSIONS.indexOf(dimension);
                  return (
                    <Line
                      key={dimension}
                      type="monotone"
                      dataKey={dimension}
                      name={t(`casePage.progress.dimensions.${dimension}`)}
                      stroke={STROKES[index]}
                      strokeDasharray={DASHES[index]}
                      strokeWidth={2}
                      connectNulls
                      isAnimationActive={false}
                    />
                  );
                })}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="data-table">
            <caption>
              {t('casePage.progress.tableCaption', {
                perspective: perspectiveName,
                min: curve.scale.min,
                max: curve.scale.max,
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('casePage.progress.date')}</th>
                {rated.map((dimension) => (
                  <th scope="col" key={dimension}>
                    {t(`casePage.progress.dimensions.${dimension}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.assessmentId}>
                  <th scope="row">{dateTime(row.assessedAt)}</th>
                  {rated.map((dimension) => {
                    const rating = row.ratings[dimension];
                    return (
                      <td key={dimension}>
                        {rating === undefined ? t('casePage.progress.notRated') : format.number(rating)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function AssessForm({ caseId, scale }: { caseId: string; scale: Curve['scale'] }) {
  const { t } = useTranslation();
  const assess = useAssessProgress(caseId);
  const [perspective, setPerspective] = useState<Perspective>('coach');
  const [assessedAt, setAssessedAt] = useState(() => toLocalInput(new Date()));
  const [ratings, setRatings] = useState<Partial<Record<Dimension, string>>>({});
  const [message, setMessage] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = Object.fromEntries(
      Object.entries(ratings)
        .filter(([, value]) => value && value !== 'none')
        .map(([dimension, value]) => [dimension, Number(value)]),
    );
    if (Object.keys(chosen).length === 0) {
      setMessage(t('casePage.progress.needOne'));
      return;
    }
    setMessage('');
    assess.mutate(
      { perspective, assessedAt: fromLocalInput(assessedAt), ratings: chosen },
      {
        onSuccess: () => {
          setRatings({});
          setMessage(t('casePage.progress.recorded'));
        },
      },
    );
  };

  return (
    <section aria-labelledby="assess-progress" className="panel">
      <h3 id="assess-progress">{t('casePage.progress.record')}</h3>
      <form onSubmit={submit} className="stack wide">
        <RadioGroup
          value={perspective}
          onChange={(value) => setPerspective(value as Perspective)}
          orientation="horizontal"
          className="field"
        >
          <Label>{t('casePage.progress.perspective')}</Label>
          <div className="radios">
            {PERSPECTIVES.map((p) => (
              <Radio key={p} value={p}>
                {t(`casePage.progress.perspectives.${p}`)}
              </Radio>
            ))}
          </div>
        </RadioGroup>
        <TextField value={assessedAt} onChange={setAssessedAt} type="datetime-local" isRequired className="field">
          <Label>{t('casePage.progress.assessedAt')}</Label>
          <Input />
        </TextField>
        <fieldset className="ratings">
          <legend>{t('casePage.progress.ratingsLegend')}</legend>
          {DIMENSIONS.map((dimension) => (
            <RadioGroup
              key={dimension}
              value={ratings[dimension] ?? 'none'}
              onChange={(value) => setRatings((current) => ({ ...current, [dimension]: value }))}
              orientation="horizontal"
              className="rating"
            >
              <Label>{t(`casePage.progress.dimensions.${dimension}`)}</Label>
              <div className="radios">
                <Radio value="none">{t('casePage.progress.notRated')}</Radio>
                {Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i).map((n) => (
                  <Radio
                    key={n}
                    value={String(n)}
                    aria-label={t(`casePage.progress.scale.${n}`, { defaultValue: String(n) })}
                  >
                    {String(n)}
                  </Radio>
                ))}
              </div>
            </RadioGroup>
          ))}
        </fieldset>
        <Button type="submit">{t('casePage.progress.submit')}</Button>
      </form>
      <p role="status">{message}</p>
      {assess.error ? <ProblemMessage error={assess.error} /> : null}
    </section>
  );
}
