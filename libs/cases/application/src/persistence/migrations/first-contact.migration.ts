import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { quoteIdent } from '@fallverbund/event-store';
import { migrationSchema } from './migration-schema';

/**
 * The case summary remembers when the first contact took place (`firstContactAt` of CaseOpened), for the
 * case page. Null for every existing row until the read models are rebuilt (`npm run rebuild-read-models`);
 * the case page then shows no first contact rather than a wrong one.
 */
export class PostgresFirstContact1796601600000 implements MigrationInterface {
  readonly name = 'PostgresFirstContact1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quoteIdent(migrationSchema(queryRunner));
    await queryRunner.query(
      `ALTER TABLE ${s}."case_summaries" ADD COLUMN IF NOT EXISTS "firstContactAt" character varying(30)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = quoteIdent(migrationSchema(queryRunner));
    await queryRunner.query(`ALTER TABLE ${s}."case_summaries" DROP COLUMN "firstContactAt"`);
  }
}

export class SqliteFirstContact1796601600000 implements MigrationInterface {
  readonly name = 'SqliteFirstContact1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_summaries" ADD COLUMN "firstContactAt" varchar(30)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_summaries" DROP COLUMN "firstContactAt"`);
  }
}
