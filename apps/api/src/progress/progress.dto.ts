import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, registerDecorator, type ValidationArguments } from 'class-validator';
import { IsInstant } from '@fallverbund/http';
import { PERSPECTIVES, type Perspective, PROGRESS_DIMENSIONS, RATING_MAX, RATING_MIN } from '@fallverbund/cases-domain';

const MAX_RATED = 20;

/**
 * The shape only: an object of at most 20 numbers. Which dimensions exist and which ratings are in
 * range the decider says (`PROGRESS.INVALID`), after the access check, like every rule of the domain.
 */
const IsRatingsObject = (): PropertyDecorator => (target, propertyName) =>
  registerDecorator({
    name: 'isRatingsObject',
    target: target.constructor,
    propertyName: propertyName as string,
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= MAX_RATED &&
        Object.values(value).every((v) => typeof v === 'number'),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'ratings'} must be an object of at most ${MAX_RATED} dimensions, each rated with a number`,
    },
  });

export class AssessProgressDto {
  @ApiProperty({ enum: PERSPECTIVES, description: 'coach: the coach’s view; self: the participant’s own.' })
  @IsIn(PERSPECTIVES)
  perspective!: Perspective;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: RATING_MIN, maximum: RATING_MAX },
    example: { housing: 3, daily_structure: 4 },
    description: `Dimension → whole number ${RATING_MIN} (very low) to ${RATING_MAX} (very good). Dimensions: ${PROGRESS_DIMENSIONS.join(', ')}. At least one.`,
  })
  @IsRatingsObject()
  ratings!: Record<string, number>;

  @ApiProperty({
    example: '2026-11-24T14:00:00+01:00',
    description:
      'When the assessment was made: an ISO 8601 instant, not in the future, not before the case was opened.',
  })
  @IsString()
  @IsInstant('assessedAt')
  assessedAt!: string;
}
