import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { quoteIdent } from '@fallverbund/event-store';
import { migrationSchema } from './migration-schema';

/**
 * A § 8a declaration's justification is sealed under the participant's key (category `youth_welfare`):
 * the read model keeps the sealed copy and whose key it is; the clear `justification` column is null for them and holds
 * only the text of declarations recorded before. Existing rows keep their clear text until the
 * read models are rebuilt — and after: their events hold it in clear (docs/operations.md).
 */
export class PostgresSealedJustification1796688000000 implements MigrationInterface {
  readonly name = 'PostgresSealedJustification1796688000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = `${quoteIdent(migrationSchema(queryRunner))}."child_protection_declarations"`;
    await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN "justification" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS "participantId" character varying(36)`);
    await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS "justificationSealed" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = `${quoteIdent(migrationSchema(queryRunner))}."child_protection_declarations"`;
    await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "justificationSealed"`);
    await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "participantId"`);
    await queryRunner.query(`UPDATE ${table} SET "justification" = '' WHERE "justification" IS NULL`);
    await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN "justification" SET NOT NULL`);
  }
}

const SQLITE_COLUMNS = `"declarationId", "caseId", "userId", "agencyId", "justification", "declaredAt", "expiresAt"`;

/** SQLite cannot drop a NOT NULL: the table is built anew with the rows copied (its one index with it). */
export class SqliteSealedJustification1796688000000 implements MigrationInterface {
  readonly name = 'SqliteSealedJustification1796688000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "child_protection_declarations_new" ("declarationId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36), "userId" varchar(100) NOT NULL, "agencyId" varchar(100) NOT NULL, "justification" text, "justificationSealed" text, "declaredAt" varchar(30) NOT NULL, "expiresAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "child_protection_declarations_new" (${SQLITE_COLUMNS}) SELECT ${SQLITE_COLUMNS} FROM "child_protection_declarations"`,
    );
    await queryRunner.query(`DROP TABLE "child_protection_declarations"`);
    await queryRunner.query(
      `ALTER TABLE "child_protection_declarations_new" RENAME TO "child_protection_declarations"`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_2ae2c825baaaf387e5db84dd42" ON "child_protection_declarations" ("userId", "caseId")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "child_protection_declarations_old" ("declarationId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "userId" varchar(100) NOT NULL, "agencyId" varchar(100) NOT NULL, "justification" text NOT NULL, "declaredAt" varchar(30) NOT NULL, "expiresAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "child_protection_declarations_old" (${SQLITE_COLUMNS}) SELECT "declarationId", "caseId", "userId", "agencyId", coalesce("justification", ''), "declaredAt", "expiresAt" FROM "child_protection_declarations"`,
    );
    await queryRunner.query(`DROP TABLE "child_protection_declarations"`);
    await queryRunner.query(
      `ALTER TABLE "child_protection_declarations_old" RENAME TO "child_protection_declarations"`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_2ae2c825baaaf387e5db84dd42" ON "child_protection_declarations" ("userId", "caseId")`,
    );
  }
}
