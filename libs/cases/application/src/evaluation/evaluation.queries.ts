import { Query } from '@nestjs/cqrs';
import { type RequestContext } from '../cases/request-context';
import { type EvaluationFigures } from './evaluation-figures';

export interface EvaluationFiguresView extends EvaluationFigures {
  /** Whose cases the figures are about: those the actor's agency leads. */
  readonly scope: { readonly leadAgencyId: string };
}

/** Purpose `evaluation`: anonymised aggregates over the cases the actor's agency leads, never a single case. */
export class GetEvaluationFiguresQuery extends Query<EvaluationFiguresView> {
  constructor(readonly context: RequestContext) {
    super();
  }
}
