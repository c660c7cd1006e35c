import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { quoteIdent } from '@fallverbund/event-store';
import { migrationSchema } from './migration-schema';

/**
 * The retention schedule (issue 17, retention-schedule.entity.ts): one row per case and retention
 * class with its due date, with a partial index on the due date of the rows still to be acted on, so that the
 * daily run reads only due rows.
 * The projection fills it from the log on its first run (its checkpoint starts at zero).
 */
export class PostgresRetentionSchedule1796464800000 implements MigrationInterface {
  readonly name = 'PostgresRetentionSchedule1796464800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quoteIdent(migrationSchema(queryRunner));
    await queryRunner.query(
      `CREATE TABLE ${s}."retention_schedule" ("caseId" character varying(36) NOT NULL, "classId" character varying(40) NOT NULL, "participantId" character varying(36) NOT NULL, "leadAgencyId" character varying(100) NOT NULL, "domain" character varying(20) NOT NULL, "action" character varying(30) NOT NULL, "startsAt" character varying(20) NOT NULL, "startedOn" character varying(10), "dueAt" character varying(30), "status" character varying(10) NOT NULL, "phase" character varying(10) NOT NULL, "closedAt" character varying(30), "lastHealthNoteAt" character varying(30), "version" integer NOT NULL, CONSTRAINT "PK_74c212818a9e4d426ba1ecf7a6b" PRIMARY KEY ("caseId", "classId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4e80315fd3665488e5959e5246" ON ${s}."retention_schedule" ("participantId")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f679a54190e1593049951d85e1" ON ${s}."retention_schedule" ("dueAt", "caseId", "classId") WHERE "status" IN ('pending', 'held')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${quoteIdent(migrationSchema(queryRunner))}."retention_schedule"`);
  }
}
