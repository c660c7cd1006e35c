import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';

const meaning = (what: string, section: DataCategory) =>
  `The data category of ${what}, chosen by its author; \`${section}\` when absent. A reader who may not read the category does not get the text, only a count (\`withheldTexts\`). 403 TEXT.CATEGORY_NOT_PERMITTED when the author may not record the category on this case for the declared purpose.`;

/** An optional data category beside one free text (issue 11). */
export const TextCategory = (what: string, section: DataCategory) =>
  applyDecorators(
    ApiPropertyOptional({ enum: DATA_CATEGORIES, example: 'addiction', description: meaning(what, section) }),
    IsOptional(),
    IsIn(DATA_CATEGORIES),
  );

/** Optional data categories beside a list of free texts, one per text by position. */
export const TextCategories = (what: string, section: DataCategory, max: number) =>
  applyDecorators(
    ApiPropertyOptional({
      enum: DATA_CATEGORIES,
      isArray: true,
      description: `${meaning(what, section)} One for each, in the same order.`,
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    IsIn(DATA_CATEGORIES, { each: true }),
  );
