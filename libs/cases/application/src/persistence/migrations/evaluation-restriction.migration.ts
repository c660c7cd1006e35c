import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { quoteIdent } from '@fallverbund/event-store';
import { migrationSchema } from './migration-schema';

/**
 * The evaluation read model remembers a case's restriction of processing (§ 84 SGB X), so the figures
 * leave restricted data out. Null for every existing row: a restriction recorded before this migration
 * is picked up when the evaluation projection is rebuilt (`npm run rebuild-read-models`).
 */
export class PostgresEvaluationRestriction1796515200000 implements MigrationInterface {
  readonly name = 'PostgresEvaluationRestriction1796515200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quoteIdent(migrationSchema(queryRunner));
    await queryRunner.query(`ALTER TABLE ${s}."evaluation_cases" ADD COLUMN IF NOT EXISTS "restriction" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = quoteIdent(migrationSchema(queryRunner));
    await queryRunner.query(`ALTER TABLE ${s}."evaluation_cases" DROP COLUMN "restriction"`);
  }
}

export class SqliteEvaluationRestriction1796515200000 implements MigrationInterface {
  readonly name = 'SqliteEvaluationRestriction1796515200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evaluation_cases" ADD COLUMN "restriction" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evaluation_cases" DROP COLUMN "restriction"`);
  }
}
